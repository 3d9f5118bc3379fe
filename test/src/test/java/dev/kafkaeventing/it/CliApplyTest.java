package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.PlatformHarness.CliResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code apply -f} and {@code delete -f}: a file with any invalid document fails with the file and
 * field named and applies nothing; re-applies say {@code unchanged} or {@code configured};
 * immutable fields stay immutable.
 */
class CliApplyTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static PlatformHarness platform;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    platform = PlatformHarness.start();
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  static Stream<Arguments> invalidDocuments() {
    return Stream.of(
        Arguments.of("YAML syntax error", """
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata:
              name: [broken
            """, "document 2: YAML syntax error at line"),
        Arguments.of("unknown kind", """
            apiVersion: eventing.knative.dev/v1
            kind: Brokr
            metadata:
              name: typo
            """, "document 2 (Brokr typo): kind: unsupported kind 'Brokr'"),
        Arguments.of("missing name", """
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata:
              labels: {team: a}
            """, "document 2 (Broker): metadata.name: required"),
        Arguments.of("bad duration", """
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata:
              name: slow
            spec:
              broker: valid
              subscriber: {uri: "http://127.0.0.1:1/"}
              delivery: {retry: 3, backoffPolicy: linear, backoffDelay: PT1X}
            """, "document 2 (Trigger slow): spec.delivery.backoffDelay: 'PT1X' is not an ISO-8601 duration"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidDocuments")
  void shouldFailNamingFileAndFieldAndApplyNothingWhenOneDocumentIsInvalid(
      String description, String invalid, String message) throws IOException {
    String ns = PlatformHarness.uniqueNamespace();
    Path file = write("mixed.yaml", valid(ns) + "---\n" + invalid);

    CliResult result = CliRunner.run(platform, "apply", "-f", file.toString());

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.err()).contains(file + ": " + message);
    assertThat(result.out()).isEmpty();
    assertThat(CliRunner.run(platform, "get", "brokers", "-n", ns).out().strip())
        .isEqualTo("No resources found in " + ns + " namespace.");
  }

  @Test
  void shouldFailAndApplyNothingWhenOneOfSeveralFilesIsInvalid() throws IOException {
    String ns = PlatformHarness.uniqueNamespace();
    Path good = write("good.yaml", valid(ns));
    Path bad = write("bad.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {namespace: " + ns + "}\n");

    CliResult result = CliRunner.run(platform, "apply", "-f", good.toString(), "-f", bad.toString());

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.err()).contains(bad + ": document 1 (ConfigMap): metadata.name: required");
    assertThat(CliRunner.run(platform, "get", "brokers", "-n", ns).out()).contains("No resources found");
  }

  @Test
  void shouldFailWhenFileDoesNotExist() {
    CliResult result = CliRunner.run(platform, "apply", "-f", dir.resolve("nowhere.yaml").toString());

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.err()).contains("nowhere.yaml: no such file or directory");
  }

  @Test
  void shouldSayCreatedUnchangedAndConfiguredWhenFileIsAppliedAgain() throws IOException {
    String ns = PlatformHarness.uniqueNamespace();
    Path file = write("broker.yaml", valid(ns));

    CliResult created = CliRunner.run(platform, "apply", "-f", file.toString());
    CliResult unchanged = CliRunner.run(platform, "apply", "-f", file.toString());
    write("broker.yaml", valid(ns) + "spec:\n  delivery: {retry: 5}\n");
    CliResult configured = CliRunner.run(platform, "apply", "-f", file.toString());

    assertThat(created.out().strip()).isEqualTo("broker.eventing.knative.dev/valid created");
    assertThat(unchanged.out().strip()).isEqualTo("broker.eventing.knative.dev/valid unchanged");
    assertThat(configured.out().strip()).isEqualTo("broker.eventing.knative.dev/valid configured");
    var broker = JSON.readTree(CliRunner.run(platform, "get", "broker", "valid", "-n", ns, "-o", "json").out());
    assertThat(broker.path("metadata").path("generation").asInt()).isEqualTo(2);
    assertThat(broker.path("spec").path("delivery").path("retry").asInt()).isEqualTo(5);
  }

  @Test
  void shouldRefuseWithClearMessageWhenTriggerBrokerIsChanged() throws IOException {
    String ns = PlatformHarness.uniqueNamespace();
    String trigger = """
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata:
          name: orders
          namespace: %s
        spec:
          broker: %s
          subscriber: {uri: "http://127.0.0.1:1/"}
        """;
    platform.apply(valid(ns) + "---\n" + trigger.formatted(ns, "valid"));
    Path changed = write("trigger.yaml", trigger.formatted(ns, "other"));

    CliResult result = CliRunner.run(platform, "apply", "-f", changed.toString());

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.err()).contains("Trigger orders")
        .contains("spec.broker: immutable field changed from 'valid' to 'other'");
    var stored = JSON.readTree(CliRunner.run(platform, "get", "trigger", "orders", "-n", ns, "-o", "json").out());
    assertThat(stored.path("spec").path("broker").asText()).isEqualTo("valid");
  }

  @Test
  void shouldDeleteEveryResourceTheFileNamesWhenDeletedByFile() throws IOException {
    String ns = PlatformHarness.uniqueNamespace();
    Path file = write("two.yaml", valid(ns) + "---\n" + """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          namespace: %s
        data: {a: "1"}
        """.formatted(ns));
    platform.apply(Files.readString(file));

    CliResult result = CliRunner.run(platform, "delete", "-f", file.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out().lines()).containsExactly(
        "broker.eventing.knative.dev/valid deleted", "configmap/settings deleted");
    assertThat(CliRunner.run(platform, "get", "brokers", "-n", ns).out()).contains("No resources found");
    assertThat(CliRunner.run(platform, "get", "configmaps", "-n", ns).out()).contains("No resources found");
  }

  /** A valid Broker named {@code valid}. */
  private static String valid(String ns) {
    return """
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata:
          name: valid
          namespace: %s
        """.formatted(ns);
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }
}
