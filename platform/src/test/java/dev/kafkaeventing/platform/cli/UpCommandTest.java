package dev.kafkaeventing.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaeventing.platform.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code up} that cannot start says so in one line naming the cause and the fix. */
class UpCommandTest {

  @TempDir Path dataDir;

  @Test
  void shouldPrintOneLineNamingPortAndFlagWhenIngressPortIsInUse() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      Result result = up("--ingress-port", Integer.toString(port));

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.err().lines().toList()).containsExactly(
          "error: port " + port + " (ingress) is in use: choose another with --ingress-port");
      assertThat(Files.exists(dataDir.resolve("kafka"))).as("nothing started").isFalse();
    }
  }

  @Test
  void shouldSuggestBootstrapServersWhenEmbeddedKafkaPortIsInUse() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      Result result = up("--kafka-port", Integer.toString(port));

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.err().lines().toList()).containsExactly("error: port " + port
          + " (embedded Kafka) is in use: choose another with --kafka-port, or use a running Kafka"
          + " with --bootstrap-servers");
    }
  }

  @Test
  void shouldRefuseOnePortForTwoListenersWhenGivenTwice() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }

    Result result = up("--ingress-port", Integer.toString(port), "--admin-port", Integer.toString(port));

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err().strip()).isEqualTo("error: port " + port
        + " is given to both the ingress and the admin API: choose another with --admin-port");
  }

  @Test
  void shouldNameTheFlagsWhenKubernetesFlagsAreGivenWithoutKubernetes() {
    Result result = up("--revisions", "deployments");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--kubeconfig, --kubernetes-master and --revisions need --kubernetes");
    assertThat(Files.exists(dataDir.resolve("kafka"))).as("nothing started").isFalse();
  }

  @Test
  void shouldNameTheFlagWhenEventJournalIsNeitherOnNorOff() {
    Result result = up("--event-journal", "maybe");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--event-journal must be on or off, got maybe");
  }

  @Test
  void shouldNameTheFlagWhenReplicaStartConcurrencyIsNegative() {
    Result result = up("--replica-start-concurrency", "-1");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--replica-start-concurrency must not be negative, got -1");
    assertThat(Files.exists(dataDir.resolve("kafka"))).as("nothing started").isFalse();
  }

  private record Result(int exitCode, String err) {}

  private Result up(String... ports) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] defaults = {"up", "--data-dir", dataDir.toString(), "--ingress-port", "0",
        "--admin-port", "0", "--metrics-port", "-1", "--kafka-port", "0", "--kafka-controller-port", "0"};
    String[] args = merge(defaults, ports);
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, err.toString());
  }

  /** The defaults with the given flags replacing those of the same name. */
  private static String[] merge(String[] defaults, String[] overrides) {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(defaults));
    for (int i = 0; i < overrides.length; i += 2) {
      int at = args.indexOf(overrides[i]);
      if (at < 0) {
        args.addAll(java.util.List.of(overrides[i], overrides[i + 1]));
      } else {
        args.set(at + 1, overrides[i + 1]);
      }
    }
    return args.toArray(String[]::new);
  }
}
