package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.PlatformHarness.CliResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invalid Trigger filters are rejected by {@code apply}: the message names the file, the document,
 * the Trigger, the field path and the reason (with the position in an expression), and nothing
 * from that file is applied.
 */
class FiltersValidationTest {

  static PlatformHarness platform;

  @BeforeAll
  static void start() {
    platform = PlatformHarness.start();
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  static Stream<Arguments> invalidFilters() {
    return Stream.of(
        Arguments.of("unknown dialect", "filters: [{regex: {type: '^order'}}]",
            "spec.filters[0].regex", "unknown dialect 'regex'"),
        Arguments.of("empty exact map", "filters: [{exact: {}}]",
            "spec.filters[0].exact", "must be a non-empty map of attribute names to strings"),
        Arguments.of("CESQL parse error", "filters: [{any: [{exact: {type: a}}, {cesql: \"type = \"}]}]",
            "spec.filters[0].any[1].cesql",
            "invalid CESQL expression: position 8: expected a value but found end of expression"),
        Arguments.of("CEL syntax error", "filters: [{cel: \"event.data.amount >\"}]",
            "spec.filters[0].cel", "invalid CEL expression: position 20: "),
        Arguments.of("CEL result not a bool", "filters: [{cel: \"event.type + '-suffix'\"}]",
            "spec.filters[0].cel", "invalid CEL expression: position 12: expected type 'bool' but found 'string'"),
        Arguments.of("invalid attribute name in filter", "filter: {attributes: {Type: order}}",
            "spec.filter.attributes[Type]", "'Type' is invalid"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidFilters")
  void shouldRejectWholeFileNamingFileTriggerAndFieldWhenATriggerFilterIsInvalid(
      String description, String filters, String path, String reason) throws IOException {
    String ns = PlatformHarness.uniqueNamespace();
    Path file = Files.createTempFile(platform.platformConfig().dataDir(), "filters", ".yaml");
    Files.writeString(file, """
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: {name: default, namespace: %s}
        ---
        %s---
        %s""".formatted(ns,
        FiltersBroker.triggerYaml(ns, "valid", "http://127.0.0.1:9/", "filters: [{prefix: {type: order.}}]"),
        FiltersBroker.triggerYaml(ns, "invalid", "http://127.0.0.1:9/", filters)));

    CliResult result = platform.cli("apply", "-f", file.toString());

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.err()).containsPattern(Pattern.quote(file.toString())
        + ": (document 3 \\()?Trigger invalid\\)?: " + Pattern.quote(path + ": " + reason));
    assertThat(platform.cli("get", "broker", "default", "-n", ns).err()).contains("not found");
    assertThat(platform.cli("get", "trigger", "valid", "-n", ns).err()).contains("not found");
    assertThat(platform.cli("get", "trigger", "invalid", "-n", ns).err()).contains("not found");
  }
}
