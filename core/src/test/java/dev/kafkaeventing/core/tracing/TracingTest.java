package dev.kafkaeventing.core.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TracingTest {

  private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final String PARENT = "00-" + TRACE + "-b7ad6b7169203331-01";
  private static final String OTHER = "00-11111111111111111111111111111111-2222222222222222-01";
  private static final CloudEvent EVENT = CloudEventBuilder.v1().withId("e-1").withSource(URI.create("/s"))
      .withType("t").build();

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
      .build();
  private final Tracing tracing = Tracing.of(sdk);

  @AfterEach
  void close() {
    sdk.close();
  }

  @Test
  void shouldContinueTheRequestsTraceWhenTheHeaderAndTheExtensionDisagree() {
    HttpHeaders headers = new DefaultHttpHeaders().set("traceparent", PARENT).set("tracestate", "k=v");
    CloudEvent event = CloudEventBuilder.from(EVENT).withExtension("traceparent", OTHER).build();

    Span receive = tracing.receive("broker", "ns", "default", headers, event);
    tracing.received(receive, 202);

    SpanData data = spans.getFinishedSpanItems().get(0);
    assertThat(data.getTraceId()).isEqualTo(TRACE);
    assertThat(data.getParentSpanId()).isEqualTo("b7ad6b7169203331");
    assertThat(data.getSpanContext().getTraceState().get("k")).isEqualTo("v");
    assertThat(data.getAttributes().get(SpanAttributes.HTTP_STATUS)).isEqualTo(202L);
  }

  @Test
  void shouldContinueTheEventsTraceWhenTheRequestHasNoHeader() {
    CloudEvent event = CloudEventBuilder.from(EVENT).withExtension("traceparent", PARENT).build();

    tracing.received(tracing.receive("broker", "ns", "default", new DefaultHttpHeaders(), event), 202);

    assertThat(spans.getFinishedSpanItems().get(0).getTraceId()).isEqualTo(TRACE);
  }

  @Test
  void shouldStartANewTraceWhenTheTraceparentIsMalformed() {
    HttpHeaders headers = new DefaultHttpHeaders().set("traceparent", "00-not-a-trace-01");

    tracing.received(tracing.receive("broker", "ns", "default", headers, EVENT), 400);

    SpanData data = spans.getFinishedSpanItems().get(0);
    assertThat(data.getTraceId()).isNotEqualTo(TRACE);
    assertThat(data.getParentSpanContext().isValid()).isFalse();
  }

  @Test
  void shouldCarryTheSpansContextInTheExtensionsWhenAnEventLeavesAHop() {
    CloudEvent event = CloudEventBuilder.from(EVENT).withExtension("traceparent", PARENT)
        .withExtension("tracestate", "k=v").build();
    Span match = tracing.match(event, "topic");

    CloudEvent carried = tracing.carry(match, event);

    String expected = "00-" + TRACE + "-" + match.getSpanContext().getSpanId() + "-01";
    assertThat(carried.getExtension("traceparent")).isEqualTo(expected);
    assertThat(carried.getExtension("tracestate")).isEqualTo("k=v");
    assertThat(carried.getId()).isEqualTo("e-1");
  }

  @Test
  void shouldSetThePlainAndBinaryHeadersWhenInjecting() {
    Span attempt = tracing.attempt(tracing.parentOf(EVENT), URI.create("http://sub.example/x"), 2);
    HttpHeaders out = new DefaultHttpHeaders().set("tracestate", "stale=1").set("ce-tracestate", "stale=1");

    tracing.inject(attempt, out, true);

    String expected = "00-" + attempt.getSpanContext().getTraceId() + "-" + attempt.getSpanContext().getSpanId() + "-"
        + attempt.getSpanContext().getTraceFlags().asHex();
    assertThat(out.get("traceparent")).isEqualTo(expected);
    assertThat(out.get("ce-traceparent")).isEqualTo(expected);
    assertThat(out.contains("tracestate")).isFalse();
    assertThat(out.contains("ce-tracestate")).isFalse();
  }

  @Test
  void shouldInventNoTraceContextAndStartNoSpanWhenOff() {
    Tracing off = Tracing.OFF;
    HttpHeaders out = new DefaultHttpHeaders();

    Span receive = off.receive("broker", "ns", "default", out, EVENT);
    CloudEvent carried = off.carry(off.produce(receive, "topic", 1, EVENT), EVENT);
    off.inject(off.attempt(off.parentOf(EVENT), URI.create("http://sub.example/x"), 1), out, true);

    assertThat(off.enabled()).isFalse();
    assertThat(carried).isSameAs(EVENT);
    assertThat(off.parentOf(EVENT)).isNull();
    assertThat(receive).isSameAs(Span.getInvalid());
    assertThat(out.isEmpty()).isTrue();
    assertThat(spans.getFinishedSpanItems()).isEmpty();
  }
}
