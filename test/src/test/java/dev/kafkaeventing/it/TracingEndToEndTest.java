package dev.kafkaeventing.it;

import static dev.kafkaeventing.it.TriggerTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.core.tracing.SpanAttributes;
import dev.kafkaeventing.core.tracing.Tracing;
import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Reply;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Tracing end to end: an event published to a Broker, its Trigger's subscriber replies, the reply
 * matches a second Trigger whose subscriber fails into a dead letter sink. Every hop is a span of
 * one trace, recorded by the OTel SDK's in-memory exporter.
 */
class TracingEndToEndTest {

  @Test
  void shouldRecordOneTraceWithASpanPerHopWhenTheReplyFailsIntoTheDeadLetterSink() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
        .build();
    String ns = PlatformHarness.uniqueNamespace();
    try (sdk;
        PlatformHarness platform = PlatformHarness.start(PlatformHarness.config(), Tracing.of(sdk));
        RecordingSubscriber replier = RecordingSubscriber.start().respondWith(r -> new Reply(200, Map.of(
            "ce-specversion", "1.0", "ce-id", "answer-1", "ce-type", "traced.answer", "ce-source", "/replier",
            "content-type", "application/json"), "{}".getBytes(StandardCharsets.UTF_8)));
        RecordingSubscriber failing = RecordingSubscriber.start().respondWith(r -> Reply.status(500));
        RecordingSubscriber deadLetters = RecordingSubscriber.start()) {
      platform.applyBrokerWithDeadLetteredTrigger(ns, "ask", "traced.ask", replier.url(),
          "answer", "traced.answer", failing.url(), deadLetters.url());

      send(platform.brokerUrl(ns, "default"), "ask-1", "traced.ask");

      await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters.count() == 1);
      await().atMost(Duration.ofSeconds(10)).until(() -> names(exporter).contains("dead letter"));
      List<SpanData> spans = exporter.getFinishedSpanItems();
      assertThat(spans.stream().map(SpanData::getTraceId).distinct()).as("trace ids of %s", spans).hasSize(1);
      String traceId = spans.get(0).getTraceId();
      assertThat(names(exporter)).contains("receive broker", "publish knative-broker-" + ns + "-default",
          "match knative-broker-" + ns + "-default", "deliver", "reply", "dead letter");
      assertThat(spans).filteredOn(s -> s.getName().startsWith("match")).hasSize(2);
      List<SpanData> attempts = spans.stream().filter(s -> s.getName().equals("deliver")).toList();
      assertThat(attempts).extracting(s -> s.getAttributes().get(SpanAttributes.URL))
          .containsExactlyInAnyOrder(replier.url(), failing.url(), failing.url(), deadLetters.url());
      assertThat(attempts).filteredOn(s -> failing.url().equals(s.getAttributes().get(SpanAttributes.URL)))
          .extracting(s -> s.getAttributes().get(SpanAttributes.ATTEMPT), s -> s.getAttributes().get(SpanAttributes.HTTP_STATUS))
          .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(1L, 500L), org.assertj.core.groups.Tuple.tuple(2L, 500L));
      SpanData receive = only(spans, "receive broker");
      assertThat(receive.getKind()).isEqualTo(SpanKind.SERVER);
      assertThat(receive.getAttributes().get(SpanAttributes.HTTP_STATUS)).isEqualTo(202L);
      assertThat(receive.getAttributes().get(SpanAttributes.RESOURCE_NAME)).isEqualTo("default");
      SpanData reply = only(spans, "reply");
      assertThat(reply.getAttributes().get(SpanAttributes.EVENT_ID)).isEqualTo("answer-1");
      assertThat(parentName(spans, reply)).isEqualTo("deliver");
      SpanData deadLetter = only(spans, "dead letter");
      assertThat(deadLetter.getAttributes().get(SpanAttributes.EVENT_ID)).isEqualTo("answer-1");
      // Every subscriber saw the trace in the outbound header, each with the span id of its attempt.
      assertThat(replier.received().get(0).header("traceparent")).startsWith("00-" + traceId + "-");
      assertThat(failing.received()).allSatisfy(r -> assertThat(r.header("traceparent")).startsWith("00-" + traceId));
      String sinkParent = deadLetters.received().get(0).header("traceparent");
      assertThat(sinkParent).startsWith("00-" + traceId);
      assertThat(attempts).extracting(s -> s.getSpanContext().getSpanId()).contains(sinkParent.split("-")[2]);
    }
  }

  @Test
  void shouldStartEachPingSourceTicksTraceAtItsSendWhenTracingIsOn() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
        .build();
    String ns = PlatformHarness.uniqueNamespace();
    try (sdk;
        PlatformHarness platform = PlatformHarness.start(PlatformHarness.config(), Tracing.of(sdk));
        RecordingSubscriber sink = RecordingSubscriber.start()) {
      platform.apply("""
          apiVersion: sources.knative.dev/v1
          kind: PingSource
          metadata:
            name: every-second
            namespace: %s
            annotations: {kafka-eventing.dev/schedule-seconds: "*"}
          spec:
            schedule: "* * * * *"
            sink: {uri: "%s"}
          """.formatted(ns, sink.url()));
      platform.awaitReady("pingsource", ns, "every-second");

      await().atMost(Duration.ofSeconds(20)).until(() -> sink.count() >= 1);

      String traceId = sink.received().get(0).header("traceparent").split("-")[1];
      await().atMost(Duration.ofSeconds(10)).until(() -> exporter.getFinishedSpanItems().stream()
          .anyMatch(s -> s.getTraceId().equals(traceId) && s.getName().equals("deliver")));
      List<SpanData> trace = exporter.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
      SpanData send = only(trace, "send pingsource");
      assertThat(send.getParentSpanContext().isValid()).isFalse();
      assertThat(parentName(trace, only(trace, "match " + platform.platformConfig().instanceName() + ".ping")))
          .isEqualTo("send pingsource");
    }
  }

  private static Set<String> names(InMemorySpanExporter exporter) {
    return exporter.getFinishedSpanItems().stream().map(SpanData::getName).collect(Collectors.toSet());
  }

  private static SpanData only(List<SpanData> spans, String name) {
    List<SpanData> named = spans.stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(named).as("spans named %s", name).hasSize(1);
    return named.get(0);
  }

  private static String parentName(List<SpanData> spans, SpanData child) {
    return spans.stream().filter(s -> s.getSpanId().equals(child.getParentSpanId())).map(SpanData::getName)
        .findFirst().orElse(null);
  }
}
