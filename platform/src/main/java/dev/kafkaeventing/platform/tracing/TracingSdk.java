package dev.kafkaeventing.platform.tracing;

import dev.kafkaeventing.core.tracing.Tracing;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The OpenTelemetry SDK that exports the platform's spans, built through the SDK's
 * autoconfiguration, so every standard {@code OTEL_*} variable (service name, resource attributes,
 * headers, protocol, batch settings, sampler) works as OpenTelemetry documents it; {@code up}'s
 * flags override the environment. Only traces are exported (metrics stay on Prometheus).
 *
 * <p>Lifecycle: {@link #start}, hand {@link #tracing()} to the platform, {@link #close()} after the
 * platform (closing flushes the spans still batched). Callers see no OpenTelemetry SDK type, so
 * the CLI's lean class path (without the SDK) can load them.
 */
public final class TracingSdk implements AutoCloseable {

  private final OpenTelemetrySdk sdk;
  private final String exporter;

  private TracingSdk(OpenTelemetrySdk sdk, String exporter) {
    this.sdk = sdk;
    this.exporter = exporter;
  }

  /**
   * Starts exporting as {@code options} and the environment say; tracing stays off (and nothing is
   * started) when neither asks for an exporter.
   *
   * @param env the environment, to decide whether tracing is on (the SDK reads it again itself)
   */
  public static TracingSdk start(TracingOptions options, Function<String, String> env) {
    String exporter = options.effectiveExporter(env);
    if (exporter == null) {
      return new TracingSdk(null, null);
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
    OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(() -> defaults)
        .addPropertiesCustomizer(config -> flags)
        .disableShutdownHook()
        .build()
        .getOpenTelemetrySdk();
    return new TracingSdk(sdk, exporter);
  }

  /** The facade the platform traces with; {@link Tracing#OFF} when nothing is exported. */
  public Tracing tracing() {
    return sdk == null ? Tracing.OFF : Tracing.of(sdk);
  }

  /** The exporter in use ({@code logging}, {@code otlp}, ...), or null when tracing is off. */
  public String exporter() {
    return exporter;
  }

  /** Flushes and stops the exporter. */
  @Override
  public void close() {
    if (sdk != null) {
      sdk.close();
    }
  }

  /** OTLP/HTTP takes spans at {@code /v1/traces}: a bare collector URL gets that path. */
  static String tracesEndpoint(String endpoint) {
    String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    return base.endsWith("/v1/traces") ? base : base + "/v1/traces";
  }
}
