package dev.kafkaeventing.platform.admin;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * {@code GET /metrics} in the Prometheus text format (0.0.4): every series of this platform
 * instance's registry — per-route delivery counters, latency histograms, filter evaluation errors,
 * ingress requests and connections. Counters count since this instance started. Runs on the
 * metrics server's workers; a scrape may read the parked topic (at most every few seconds).
 */
public final class MetricsRoutes implements HttpRoutes {

  private final PrometheusRegistry registry;
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  /** @param registry the platform instance's registry */
  public MetricsRoutes(PrometheusRegistry registry) {
    this.registry = registry;
  }

  @Override
  public HttpAnswer handle(HttpCall call) {
    if (!call.method().equals("GET") || !call.path().equals("/metrics")) {
      return HttpAnswer.text(404, "only GET /metrics is served here");
    }
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    try {
      writer.write(text, registry.scrape());
    } catch (IOException e) {
      return HttpAnswer.text(500, "cannot write the metrics: " + e.getMessage());
    }
    return new HttpAnswer(200, writer.getContentType(), text.toByteArray());
  }
}
