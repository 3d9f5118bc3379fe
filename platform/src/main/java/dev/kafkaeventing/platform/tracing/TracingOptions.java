package dev.kafkaeventing.platform.tracing;

import java.net.URI;
import java.util.Locale;
import java.util.function.Function;

/**
 * How the platform exports traces, from {@code up}'s flags and the standard {@code OTEL_*}
 * environment variables. Tracing is off unless a flag or the environment asks for an exporter:
 * {@code --tracing logging|otlp}, {@code --otlp-endpoint}, {@code OTEL_TRACES_EXPORTER} (other than
 * {@code none}) or an {@code OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT}. Immutable; validated on construction.
 *
 * @param exporter {@code logging}, {@code otlp}, {@code none}, or null (the environment decides)
 * @param otlpEndpoint the OTLP/HTTP collector, e.g. {@code http://localhost:4318}; null: the environment's
 * @param sampleRatio the share of new traces sampled (0..1, parent-based); null: the environment's or 1
 */
public record TracingOptions(String exporter, String otlpEndpoint, Double sampleRatio) {

  /** Nothing asked on the command line. */
  public static final TracingOptions NONE = new TracingOptions(null, null, null);

  public TracingOptions {
    if (exporter != null) {
      exporter = exporter.trim().toLowerCase(Locale.ROOT);
      if (!exporter.equals("logging") && !exporter.equals("otlp") && !exporter.equals("none")) {
        throw new IllegalArgumentException("--tracing must be logging, otlp or none, got " + exporter);
      }
    }
    if (otlpEndpoint != null) {
      URI uri;
      try {
        uri = URI.create(otlpEndpoint);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--otlp-endpoint is not a URL: " + otlpEndpoint);
      }
      if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        throw new IllegalArgumentException("--otlp-endpoint must be an http or https URL, got " + otlpEndpoint);
      }
      if ("none".equals(exporter) || "logging".equals(exporter)) {
        throw new IllegalArgumentException("--otlp-endpoint needs --tracing otlp (or no --tracing), got --tracing "
            + exporter);
      }
    }
    if (sampleRatio != null && !(sampleRatio >= 0 && sampleRatio <= 1)) {
      throw new IllegalArgumentException("--trace-sample-ratio must be between 0 and 1, got " + sampleRatio);
    }
  }

  /** The exporter to use, or null when tracing stays off. */
  public String effectiveExporter(Function<String, String> env) {
    if (exporter != null) {
      return exporter.equals("none") ? null : exporter;
    }
    if (otlpEndpoint != null) {
      return "otlp";
    }
    if ("true".equalsIgnoreCase(env.apply("OTEL_SDK_DISABLED"))) {
      return null;
    }
    String fromEnv = env.apply("OTEL_TRACES_EXPORTER");
    if (fromEnv != null && !fromEnv.isBlank()) {
      String first = fromEnv.split(",")[0].trim().toLowerCase(Locale.ROOT);
      return first.equals("none") ? null : first;
    }
    boolean endpoint = present(env.apply("OTEL_EXPORTER_OTLP_ENDPOINT"))
        || present(env.apply("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"));
    return endpoint ? "otlp" : null;
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }
}
