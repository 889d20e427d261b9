package dev.shepherd.worker;

import dev.shepherd.release.ReleaseSearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.ServerSocket;

/**
 * Temporal's in-memory server on a localhost port, in real time (no time skipping), with the release
 * search attributes registered: what the demo runs on. It keeps no state after it stops and does not
 * answer visibility queries (so {@code shepherd list} needs a real server).
 */
public final class EmbeddedTemporal implements AutoCloseable {

  private final TestServer.PortBoundTestServer server;
  private final int port;

  private EmbeddedTemporal(TestServer.PortBoundTestServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /** Starts on the given port, or a free one when 0. */
  public static EmbeddedTemporal start(int port) throws IOException {
    int chosen = port != 0 ? port : freePort();
    TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(chosen, true);
    EmbeddedTemporal embedded = new EmbeddedTemporal(server, chosen);
    embedded.registerSearchAttributes();
    return embedded;
  }

  public String address() {
    return "127.0.0.1:" + port;
  }

  private void registerSearchAttributes() {
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
        io.temporal.serviceclient.WorkflowServiceStubsOptions.newBuilder().setTarget(address()).build());
    OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(OperatorServiceStubsOptions.newBuilder()
        .setChannel(stubs.getRawChannel()).validateAndBuildWithDefaults());
    try {
      AddSearchAttributesRequest.Builder request = AddSearchAttributesRequest.newBuilder().setNamespace("default");
      for (var key : ReleaseSearchAttributes.ALL) {
        request.putSearchAttributes(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
      }
      operator.blockingStub().addSearchAttributes(request.build());
    } finally {
      operator.shutdown();
      stubs.shutdown();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
