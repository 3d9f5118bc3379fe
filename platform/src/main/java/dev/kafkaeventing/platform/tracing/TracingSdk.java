package dev.kafkaeventing.platform.tracing;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds the OpenTelemetry SDK that exports the platform's spans, through the SDK's
 * autoconfiguration, so every standard {@code OTEL_*} variable (service name, resource attributes,
 * headers, protocol, batch settings, sampler) works as documented by OpenTelemetry; {@code up}'s
 * flags override the environment. Only traces are exported (metrics stay on Prometheus).
 */
public final class TracingSdk {

  private TracingSdk() {}

  /**
   * The SDK, or null when tracing stays off. The caller closes it after the platform (closing
   * flushes the spans still batched).
   *
   * @param env the environment, to decide whether tracing is on (the SDK reads it again itself)
   */
  public static OpenTelemetrySdk create(TracingOptions options, Function<String, String> env) {
    String exporter = options.effectiveExporter(env);
    if (exporter == null) {
      return null;
    }
    Map<String, String> defaults = Map.of(
        "otel.service.name", "kafka-eventing",
        "otel.metrics.exporter", "none",
        "otel.logs.exporter", "none");
    Map<String, String> flags = new HashMap<>();
    flags.put("otel.traces.exporter", exporter);
    flags.put("otel.metrics.exporter", "none");
    flags.put("otel.logs.exporter", "none");
    if (options.otlpEndpoint() != null) {
      flags.put("otel.exporter.otlp.traces.endpoint", tracesEndpoint(options.otlpEndpoint()));
      flags.put("otel.exporter.otlp.traces.protocol", "http/protobuf");
    }
    if (options.sampleRatio() != null) {
      flags.put("otel.traces.sampler", "parentbased_traceidratio");
      flags.put("otel.traces.sampler.arg", Double.toString(options.sampleRatio()));
    }
    return AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(() -> defaults)
        .addPropertiesCustomizer(config -> flags)
        .disableShutdownHook()
        .build()
        .getOpenTelemetrySdk();
  }

  /** OTLP/HTTP takes spans at {@code /v1/traces}: a bare collector URL gets that path. */
  static String tracesEndpoint(String endpoint) {
    String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    return base.endsWith("/v1/traces") ? base : base + "/v1/traces";
  }
}
