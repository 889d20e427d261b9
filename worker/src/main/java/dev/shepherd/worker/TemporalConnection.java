package dev.shepherd.worker;

import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.envconfig.LoadClientConfigProfileOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A client connection to Temporal, configured like the temporal CLI. */
public final class TemporalConnection implements AutoCloseable {

  /** Where Temporal is when nothing says otherwise: the dev server's default. */
  public static final String DEFAULT_ADDRESS = "127.0.0.1:7233";

  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private final String address;
  private final String namespace;
  /** The channel's own event loop, ended by close; null for gRPC's default. */
  private final EventLoopGroup eventLoop;

  private TemporalConnection(WorkflowServiceStubs stubs, WorkflowClient client, String address, String namespace,
      EventLoopGroup eventLoop) {
    this.stubs = stubs;
    this.client = client;
    this.address = address;
    this.namespace = namespace;
    this.eventLoop = eventLoop;
  }

  /**
   * Connects (lazily: nothing is sent until first use; see {@link #ensureReachable}).
   *
   * @param metrics a metrics scope for the SDK, or null
   * @throws IllegalArgumentException when the settings or the profile cannot be used
   */
  public static TemporalConnection open(ConnectionSettings settings, Map<String, String> env,
      com.uber.m3.tally.Scope metrics) {
    return open(settings, env, metrics, null);
  }

  /**
   * Connects for one command of the CLI, whose process ends with it: the channel gets an event loop of its own,
   * which {@link #close} ends. gRPC's default event loop is shared and outlives its channels by a second, and a JVM
   * that exits while one of its threads waits for the network, in native code, first waits about 300 ms for it
   * (HotSpot's exit): a quarter of {@code shepherd status}'s wall time. A worker keeps gRPC's default.
   *
   * @throws IllegalArgumentException when the settings or the profile cannot be used
   */
  public static TemporalConnection openForCommand(ConnectionSettings settings, Map<String, String> env) {
    return open(settings, env, null, new NioEventLoopGroup(1, new DefaultThreadFactory("temporal-client", true)));
  }

  private static TemporalConnection open(ConnectionSettings settings, Map<String, String> env,
      com.uber.m3.tally.Scope metrics, EventLoopGroup eventLoop) {
    ClientConfigProfile profile;
    try {
      LoadClientConfigProfileOptions.Builder load = LoadClientConfigProfileOptions.newBuilder().setEnvOverrides(env);
      if (settings.profile() != null) {
        load.setConfigFileProfile(settings.profile());
      }
      profile = ClientConfigProfile.load(load.build());
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot load the Temporal config profile"
          + (settings.profile() != null ? " " + settings.profile() : "") + ": " + e.getMessage(), e);
    }
    WorkflowServiceStubsOptions base = profile.toWorkflowServiceStubsOptions();
    WorkflowServiceStubsOptions.Builder options = WorkflowServiceStubsOptions.newBuilder(base);
    String address = settings.address() != null ? settings.address()
        : base.getTarget() != null ? base.getTarget() : DEFAULT_ADDRESS;
    options.setTarget(address);
    if (settings.apiKey() != null) {
      String key = settings.apiKey();
      options.addApiKey(() -> key);
      options.setEnableHttps(true);
    }
    if (settings.tlsCert() != null || settings.tlsKey() != null) {
      if (settings.tlsCert() == null || settings.tlsKey() == null) {
        throw new IllegalArgumentException("--tls-cert and --tls-key go together: give both");
      }
      try {
        options.setSslContext(GrpcSslContexts.forClient()
            .keyManager(new File(settings.tlsCert()), new File(settings.tlsKey())).build());
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException("cannot use --tls-cert/--tls-key: " + e.getMessage(), e);
      }
    }
    if (metrics != null) {
      options.setMetricsScope(metrics);
    }
    options.setRpcTimeout(Duration.ofSeconds(10));
    if (eventLoop != null) {
      options.setChannelInitializer(channel -> {
        if (channel instanceof NettyChannelBuilder netty) {
          netty.eventLoopGroup(eventLoop).channelType(NioSocketChannel.class);
        }
      });
    }
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(options.build());
    WorkflowClientOptions clientBase = profile.toWorkflowClientOptions();
    String namespace = settings.namespace() != null ? settings.namespace()
        : clientBase.getNamespace() != null ? clientBase.getNamespace() : "default";
    WorkflowClient client = WorkflowClient.newInstance(stubs,
        WorkflowClientOptions.newBuilder(clientBase).setNamespace(namespace).build());
    return new TemporalConnection(stubs, client, address, namespace, eventLoop);
  }

  /**
   * Asks the server for its system info, briefly.
   *
   * @throws TemporalUnreachableException with the address tried when it does not answer
   */
  public TemporalConnection ensureReachable() {
    try {
      stubs.blockingStub().withDeadlineAfter(5, TimeUnit.SECONDS).getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      return this;
    } catch (StatusRuntimeException e) {
      throw new TemporalUnreachableException(address, e);
    }
  }

  public WorkflowClient client() {
    return client;
  }

  public WorkflowServiceStubs stubs() {
    return stubs;
  }

  public String address() {
    return address;
  }

  public String namespace() {
    return namespace;
  }

  /** The SDK's own metrics reporter over a registry, for {@link WorkerMetrics}. */
  static MicrometerClientStatsReporter reporter(io.micrometer.core.instrument.MeterRegistry registry) {
    return new MicrometerClientStatsReporter(registry);
  }

  @Override
  public void close() {
    stubs.shutdown();
    stubs.awaitTermination(5, TimeUnit.SECONDS);
    if (eventLoop != null) {
      eventLoop.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
  }
}
