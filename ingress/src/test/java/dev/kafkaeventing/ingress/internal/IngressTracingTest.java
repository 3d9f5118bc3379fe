package dev.kafkaeventing.ingress.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.kafkaeventing.core.tracing.SpanAttributes;
import dev.kafkaeventing.core.tracing.Tracing;
import dev.kafkaeventing.ingress.ReceiverRoutes;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ingress takes the request's trace context and writes its publish span's into the Kafka record. */
class IngressTracingTest {

  private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final String PARENT = "00-" + TRACE + "-b7ad6b7169203331-01";

  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final ReceiverRoutes routes = path -> Optional.of("knative-broker-ns-default");
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
      .build();

  @AfterEach
  void close() {
    sdk.close();
  }

  @Test
  void shouldWriteThePublishSpanAsTheRecordsTraceparentWhenTheRequestCarriesOne() {
    EmbeddedChannel channel = channel(Tracing.of(sdk));
    FullHttpRequest request = binaryEvent();
    request.headers().set("traceparent", PARENT);

    channel.writeInbound(request);
    channel.runPendingTasks();

    SpanData receive = named("receive broker");
    SpanData publish = named("publish knative-broker-ns-default");
    assertThat(receive.getParentSpanId()).isEqualTo("b7ad6b7169203331");
    assertThat(receive.getAttributes().get(SpanAttributes.HTTP_STATUS)).isEqualTo(202L);
    assertThat(publish.getParentSpanId()).isEqualTo(receive.getSpanId());
    assertThat(publish.getAttributes().get(SpanAttributes.EVENT_ID)).isEqualTo("1");
    assertThat(header("ce_traceparent")).isEqualTo("00-" + TRACE + "-" + publish.getSpanId() + "-01");
    assertThat(((FullHttpResponse) channel.readOutbound()).status().code()).isEqualTo(202);
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void shouldWriteNoTraceparentWhenTracingIsOffAndTheRequestHasNone() {
    EmbeddedChannel channel = channel(Tracing.OFF);

    channel.writeInbound(binaryEvent());
    channel.runPendingTasks();

    assertThat(producer.history()).hasSize(1);
    assertThat(header("ce_traceparent")).isNull();
    assertThat(spans.getFinishedSpanItems()).isEmpty();
    assertThat(((FullHttpResponse) channel.readOutbound()).status().code()).isEqualTo(202);
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void shouldKeepTheRequestsTraceparentAsItIsWhenTracingIsOff() {
    EmbeddedChannel channel = channel(Tracing.OFF);
    FullHttpRequest request = binaryEvent();
    request.headers().set("traceparent", PARENT);

    channel.writeInbound(request);
    channel.runPendingTasks();

    assertThat(header("ce_traceparent")).isEqualTo(PARENT);
    assertThat(((FullHttpResponse) channel.readOutbound()).status().code()).isEqualTo(202);
    assertFalse(channel.finishAndReleaseAll());
  }

  private EmbeddedChannel channel(Tracing tracing) {
    return new EmbeddedChannel(new IngressRequestHandler(routes, new IngressPublisher(producer, Runnable::run),
        Duration.ofSeconds(2), new IngressMetrics(new PrometheusRegistry(), () -> 0), tracing));
  }

  private SpanData named(String name) {
    return spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
  }

  private String header(String name) {
    Header header = producer.history().get(0).headers().lastHeader(name);
    return header == null ? null : new String(header.value(), UTF_8);
  }

  private static FullHttpRequest binaryEvent() {
    FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/ns/default",
        Unpooled.copiedBuffer("hello", UTF_8));
    request.headers().set("content-type", "text/plain")
        .set("ce-specversion", "1.0").set("ce-id", "1").set("ce-source", "/test").set("ce-type", "test.event");
    HttpUtil.setContentLength(request, request.content().readableBytes());
    return request;
  }
}
