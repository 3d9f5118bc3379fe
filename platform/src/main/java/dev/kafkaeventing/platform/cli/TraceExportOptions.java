package dev.kafkaeventing.platform.cli;

import dev.kafkaeventing.platform.tracing.TracingOptions;
import picocli.CommandLine.Option;

/** {@code up}'s tracing: which exporter, where, and how much is sampled. */
public final class TraceExportOptions {

  @Option(names = "--tracing", paramLabel = "logging|otlp|none",
      description = "Export OpenTelemetry traces of every event's hops: logging (to the log), otlp (OTLP/HTTP), "
          + "none. Default: off, unless --otlp-endpoint or the OTEL_* environment asks for an exporter.")
  String tracing;

  @Option(names = "--otlp-endpoint", paramLabel = "URL",
      description = "OTLP/HTTP collector for traces, e.g. http://localhost:4318 (implies --tracing otlp).")
  String otlpEndpoint;

  @Option(names = "--trace-sample-ratio", paramLabel = "RATIO",
      description = "Share of new traces sampled, 0..1 (parent-based: a sampled caller's trace is always kept). "
          + "Default: 1, or OTEL_TRACES_SAMPLER(_ARG).")
  Double traceSampleRatio;


  /** @throws IllegalArgumentException naming the flag whose value cannot be used */
  TracingOptions options() {
    return new TracingOptions(tracing, otlpEndpoint, traceSampleRatio);
  }
}
