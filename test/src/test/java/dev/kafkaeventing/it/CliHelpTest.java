package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaeventing.it.harness.PlatformHarness.CliResult;
import dev.kafkaeventing.platform.Main;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The CLI's own help, and how {@code up} reports a platform that cannot start. */
class CliHelpTest {

  static Stream<String> commands() {
    return Stream.of("up", "kafka", "apply", "get", "describe", "delete", "parked", "replay", "display", "logs", "send", "tail", "trace");
  }

  static Stream<Arguments> everyCommand() {
    return Stream.of(Main.commandLine()).flatMap(CliHelpTest::withSubcommands)
        .map(command -> Arguments.of(command.getCommandSpec().qualifiedName(), command));
  }

  private static Stream<CommandLine> withSubcommands(CommandLine command) {
    return Stream.concat(Stream.of(command),
        command.getSubcommands().values().stream().flatMap(CliHelpTest::withSubcommands));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyCommand")
  void shouldDescribeEveryOptionAndParameterWhenHelpIsShown(String name, CommandLine command) {
    CommandSpec spec = command.getCommandSpec();

    assertThat(spec.options()).allSatisfy(option -> assertThat(String.join(" ", option.description()))
        .as(spec.qualifiedName() + " " + option.longestName()).isNotBlank());
    assertThat(spec.positionalParameters()).allSatisfy(parameter -> assertThat(String.join(" ", parameter.description()))
        .as(spec.qualifiedName() + " " + parameter.paramLabel()).isNotBlank());
    assertThat(command.getUsageMessage()).doesNotContain("\n\n\n");
  }

  @Test
  void shouldNameTheEnvironmentVariableWhenServerOptionIsShown() {
    CliResult result = CliRunner.run("get", "--help");

    assertThat(result.out().replaceAll("\\s+", " ")).contains("--server=<server> Admin API of the platform; the"
        + " environment variable KAFKA_EVENTING_SERVER sets it too");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void shouldPrintUsageWhenCommandIsAskedForHelp(String command) {
    CliResult result = CliRunner.run(command, "--help");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).startsWith("Usage: kafka-eventing " + command);
  }

  @Test
  void shouldShowEveryPortWithItsDefaultWhenUpIsAskedForHelp() {
    CliResult result = CliRunner.run("up", "--help");

    String help = result.out().replaceAll("\\s+", " ");
    assertThat(help)
        .contains("--ingress-port=<ingressPort> Broker ingress: POST /<namespace>/<broker> (default: 8080).")
        .contains("--admin-port=<adminPort> Admin API used by the CLI, and /readyz (default: 8081).")
        .contains("--kafka-port=<kafkaPort> Embedded Kafka's listener (default: 9092).");
  }

  @Test
  void shouldShowThePublishTimeoutWithItsDefaultWhenUpIsAskedForHelp() {
    CliResult result = CliRunner.run("up", "--help");

    assertThat(result.out().replaceAll("\\s+", " ")).contains("--publish-timeout=<publishTimeout>")
        .contains("answered 503 with Retry-After, e.g. 500ms, 5s (default: 5s).");
  }

  @Test
  void shouldRefusePublishTimeoutNamingTheFlagWhenItIsNotADurationOrTooShort() {
    CliResult notADuration = CliRunner.run("up", "--publish-timeout", "5x");
    CliResult tooShort = CliRunner.run("up", "--publish-timeout", "10ms");

    assertThat(notADuration.exitCode()).isEqualTo(2);
    assertThat(notADuration.err()).contains("--publish-timeout").contains("'5x' is not a duration such as 500ms, 5s, 2m or 1h");
    assertThat(tooShort.exitCode()).isEqualTo(2);
    assertThat(tooShort.err()).contains("--publish-timeout must be at least 100ms, got 10ms");
  }

  @Test
  void shouldRefuseEventJournalFlagsNamingTheFlagWhenValueIsWrong() {
    CliResult switchValue = CliRunner.run("up", "--event-journal", "maybe");
    CliResult retention = CliRunner.run("up", "--event-journal-retention", "10s");
    CliResult maxEvents = CliRunner.run("up", "--event-journal-max-events", "5");

    assertThat(switchValue.exitCode()).isEqualTo(2);
    assertThat(switchValue.err()).contains("--event-journal must be on or off, got maybe");
    assertThat(retention.exitCode()).isEqualTo(2);
    assertThat(retention.err()).contains("--event-journal-retention must be at least 1m");
    assertThat(maxEvents.exitCode()).isEqualTo(2);
    assertThat(maxEvents.err()).contains("--event-journal-max-events must be at least 1000, got 5");
  }

  @Test
  void shouldExitWithOneLineErrorWhenIngressPortIsTaken(@TempDir Path dataDir) throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {

      CliResult result = CliRunner.run("up", "--bootstrap-servers", KafkaFixture.bootstrapServers(),
          "--data-dir", dataDir.toString(), "--ingress-port", String.valueOf(taken.getLocalPort()),
          "--admin-port", "0", "--metrics-port", "-1");

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.err().strip()).isEqualTo("error: port " + taken.getLocalPort()
          + " (ingress) is in use: choose another with --ingress-port");
    }
  }

  @Test
  void shouldExitNamingTheSettingWhenAStreamsPropertyWouldBreakDeliveryGuarantees(@TempDir Path dataDir) {

    CliResult result = CliRunner.run("up", "--data-dir", dataDir.toString(), "--ingress-port", "0",
        "--admin-port", "0", "--metrics-port", "-1", "--kafka-port", "0", "--kafka-controller-port", "0",
        "--streams-property", "num.standby.replicas=0",
        "--streams-property", "processing.guarantee=exactly_once_v2");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err().strip()).startsWith("error: kafka-eventing cannot start: Streams setting "
        + "processing.guarantee=exactly_once_v2 is refused: only at_least_once keeps the delivery queue's changelog");
  }
}
