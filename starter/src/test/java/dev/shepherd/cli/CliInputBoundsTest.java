package dev.shepherd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bounds on what operators type: {@code --as} (and {@code --initiator}) is a principal's name, {@code -m} one
 * line of at most 1000 characters. A refused input exits 2 naming the option before anything is sent: the
 * commands point at a closed port, so an accepted input exits 3 (Temporal unreachable) instead.
 */
class CliInputBoundsTest {

  private static String closedAddress;

  @BeforeAll
  static void findAClosedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      closedAddress = "127.0.0.1:" + s.getLocalPort();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"approve", "reject", "abort", "retry", "rollback", "abandon"})
  void aMessageOfMoreThanAThousandCharactersExitsTwoNamingTheOptionAndSendsNothing(String command) {
    var r = run(command, "payments/1.4.2", "--as", "bob", "-m", "x".repeat(1001));

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).as(r.toString()).contains("-m/").contains("is 1001 characters long; at most 1000")
        .doesNotContain("cannot reach");
    assertThat(r.out()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"approve", "reject", "abort", "retry", "rollback", "abandon"})
  void aMessageOfAThousandCharactersIsAccepted(String command) {
    var r = run(command, "payments/1.4.2", "--as", "bob", "-m", "x".repeat(1000));

    assertThat(r.exitCode()).as("accepted, then Temporal is not there: " + r).isEqualTo(3);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"line one\nline two", "carriage\rreturn", "a\ttab", "escape \u001b[2J", "nul\u0000",
      "del\u007f", "c1\u0085control"})
  void aMessageWithAControlCharacterExitsTwoNamingTheOptionAndSendsNothing(String message) {
    for (String command : List.of("approve", "reject", "abort", "retry", "rollback", "abandon")) {
      var r = run(command, "payments/1.4.2", "--as", "bob", "-m", message);

      assertThat(r.exitCode()).as(command + ": " + r).isEqualTo(2);
      assertThat(r.err()).as(command + ": " + r).contains("-m/").contains("contains ")
          .contains("write one line of plain text").doesNotContain("cannot reach");
    }
  }

  @Test
  void aLineBreakIsNamedAsSuchWithItsPosition() {
    var r = run("abort", "payments/1.4.2", "--as", "bob", "-m", "ab\ncd");

    assertThat(r.err()).contains("-m/--message: contains a line break (\\n) at character 3");
  }

  @Test
  void anAbandonReasonIsNamedAsTheReason() {
    var r = run("abandon", "payments/1.4.2", "--as", "bob", "--reason", "two\tcolumns");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("-m/--reason: contains a tab (\\t) at character 4");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"approve", "reject", "abort", "retry", "rollback", "abandon"})
  void anActorOfMoreThanSixtyFourCharactersExitsTwoNamingAsAndSendsNothing(String command) {
    var r = run(command, "payments/1.4.2", "--as", "b".repeat(65), "-m", "why");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).as(r.toString()).contains("--as: is 65 characters long")
        .contains("a name is 1-64 letters, digits, '.', '@', '_', '+' or '-'").doesNotContain("cannot reach");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"bob smith", "bob/admin", "bob\nadmin", "bob;rm", "b\u00f6b", "\"bob\"", "bob\u0000"})
  void anActorWithACharacterNotInANameExitsTwoNamingAs(String actor) {
    var r = run("approve", "payments/1.4.2", "--as", actor);

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).as(r.toString()).startsWith("shepherd: --as: \"").contains("\" contains ")
        .contains("a name is 1-64 letters").doesNotContain("cannot reach");
    assertThat(r.err().strip().lines()).as("one line, control characters escaped").hasSize(1);
  }

  @Test
  void aSpaceInAnActorIsNamed() {
    var r = run("approve", "payments/1.4.2", "--as", "bob smith");

    assertThat(r.err()).contains("--as: \"bob smith\" contains a space;");
  }

  @Test
  void anActorOfSixtyFourAllowedCharactersIsAccepted() {
    String name = "bob.smith+release@example_corp-1";
    name = name + "x".repeat(64 - name.length());

    var r = run("approve", "payments/1.4.2", "--as", name);

    assertThat(r.exitCode()).as("accepted, then Temporal is not there: " + r).isEqualTo(3);
  }

  @Test
  void anOsUserThatIsNotANameAsksForAs() {
    var r = Cli.run(Map.of("USER", "CORP\\bob"), "approve", "payments/1.4.2", "--address", closedAddress);

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("--as: the OS user \"CORP\\bob\" contains '\\'").contains("give --as NAME");
  }

  @Test
  void anInitiatorThatIsNotANameExitsTwoNamingInitiatorAndStartsNothing() {
    var r = run("start", "-f", "../examples/demo.yaml", "--version", "1.0.0", "--initiator", "carol smith");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("--initiator: \"carol smith\" contains a space").doesNotContain("cannot reach");
  }

  private static Cli.Result run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--address");
    all.add(closedAddress);
    return Cli.run(all.toArray(String[]::new));
  }
}
