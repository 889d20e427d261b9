package dev.shepherd.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemporalConnectionTest {

  /**
   * A JVM that exits while a thread waits for the network in native code waits about 300 ms for it first: a short
   * command (shepherd status) would pay that on every run if its connection left its event loop running.
   */
  @Test
  void closingACommandsConnectionEndsTheThreadThatServedItsNetwork() {
    TemporalConnection connection = TemporalConnection.openForCommand(ConnectionSettings.address("127.0.0.1:1"),
        Map.of());
    assertThatThrownBy(connection::ensureReachable).isInstanceOf(TemporalUnreachableException.class)
        .hasMessageContaining("127.0.0.1:1");
    assertThat(networkThreads()).as("the connection's event loop served the attempt").isNotEmpty();

    connection.close();

    // close() returns once the loop has left the network (its termination future); the thread itself exits a
    // moment later. Well under gRPC's shared loop, which lingers a second after its last channel.
    await().atMost(Duration.ofMillis(300)).pollInterval(Duration.ofMillis(10))
        .untilAsserted(() -> assertThat(networkThreads()).as("left running after close").isEmpty());
  }

  private static List<String> networkThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(name -> name.startsWith("temporal-client") || name.startsWith("grpc-default-worker")).toList();
  }
}
