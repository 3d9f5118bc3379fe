package dev.kafkaeventing.platform.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TracingOptionsTest {

  static Stream<Arguments> exporters() {
    return Stream.of(
        Arguments.of(TracingOptions.NONE, Map.of(), null),
        Arguments.of(TracingOptions.NONE, Map.of("OTEL_TRACES_EXPORTER", "none"), null),
        Arguments.of(TracingOptions.NONE, Map.of("OTEL_TRACES_EXPORTER", "otlp,logging"), "otlp"),
        Arguments.of(TracingOptions.NONE, Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318"), "otlp"),
        Arguments.of(TracingOptions.NONE, Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://c:4318/v1/traces"), "otlp"),
        Arguments.of(TracingOptions.NONE,
            Map.of("OTEL_SDK_DISABLED", "true", "OTEL_TRACES_EXPORTER", "otlp"), null),
        Arguments.of(new TracingOptions("logging", null, null), Map.of("OTEL_TRACES_EXPORTER", "otlp"), "logging"),
        Arguments.of(new TracingOptions("none", null, null), Map.of("OTEL_TRACES_EXPORTER", "otlp"), null),
        Arguments.of(new TracingOptions(null, "http://collector:4318", 0.5), Map.of(), "otlp"));
  }

  @ParameterizedTest
  @MethodSource("exporters")
  void shouldPickTheExporterFromFlagsFirstThenTheEnvironmentWhenStarting(TracingOptions options, Map<String, String> env,
      String expected) {
    String exporter = options.effectiveExporter(env::get);

    assertThat(exporter).isEqualTo(expected);
  }

  @Test
  void shouldRefuseBadValuesNamingTheFlagWhenConstructed() {
    assertThatThrownBy(() -> new TracingOptions("jaeger", null, null)).hasMessageContaining("--tracing");
    assertThatThrownBy(() -> new TracingOptions(null, "localhost:4318", null)).hasMessageContaining("--otlp-endpoint");
    assertThatThrownBy(() -> new TracingOptions("logging", "http://c:4318", null)).hasMessageContaining("--otlp-endpoint");
    assertThatThrownBy(() -> new TracingOptions(null, null, 1.5)).hasMessageContaining("--trace-sample-ratio");
  }

  @Test
  void shouldAppendTheTracesPathWhenTheEndpointIsACollectorsBase() {
    assertThat(TracingSdk.tracesEndpoint("http://c:4318")).isEqualTo("http://c:4318/v1/traces");
    assertThat(TracingSdk.tracesEndpoint("http://c:4318/")).isEqualTo("http://c:4318/v1/traces");
    assertThat(TracingSdk.tracesEndpoint("http://c:4318/v1/traces")).isEqualTo("http://c:4318/v1/traces");
  }

  @Test
  void shouldStayOffAndStartNoSdkWhenNothingAsksForAnExporter() {
    try (TracingSdk sdk = TracingSdk.start(TracingOptions.NONE, name -> null)) {
      assertThat(sdk.exporter()).isNull();
      assertThat(sdk.tracing().enabled()).isFalse();
    }
  }

  @Test
  void shouldTraceWithTheLoggingExporterWhenAsked() {
    try (TracingSdk sdk = TracingSdk.start(new TracingOptions("logging", null, 1.0), name -> null)) {
      assertThat(sdk.exporter()).isEqualTo("logging");
      assertThat(sdk.tracing().enabled()).isTrue();
    }
  }
}
