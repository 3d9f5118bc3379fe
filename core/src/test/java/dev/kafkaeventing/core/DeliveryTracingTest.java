package dev.kafkaeventing.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaeventing.core.tracing.SpanAttributes;
import dev.kafkaeventing.core.tracing.Tracing;
import dev.kafkaeventing.crds.BackoffPolicy;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The delivery engine continues the event's trace: one span per attempt, its context on the wire. */
class DeliveryTracingTest {

  private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final CloudEvent EVENT = CloudEventBuilder.v1().withId("e-1").withSource(URI.create("/s"))
      .withType("t").withExtension("traceparent", "00-" + TRACE + "-b7ad6b7169203331-01").build();
  private static final DeliveryPolicy ONE_RETRY =
      new DeliveryPolicy(1, BackoffPolicy.LINEAR, Duration.ZERO, Duration.ofSeconds(5), null, null);

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
      .build();
  private HttpClient client;
  private TestHttpServer subscriber;
  private TestHttpServer sink;

  @BeforeEach
  void setUp() throws Exception {
    client = HttpClient.create(new HttpClientConfig(1, 4, Duration.ofSeconds(2), 1 << 20));
    subscriber = new TestHttpServer();
    sink = new TestHttpServer();
  }

  @AfterEach
  void tearDown() {
    subscriber.close();
    sink.close();
    client.close();
    sdk.close();
  }

  @Test
  void shouldSendEachAttemptsOwnSpanAsTraceparentWhenTheEventCarriesATrace() throws Exception {
    subscriber.respond(r -> TestHttpServer.Reply.of(r.index() == 0 ? 503 : 202));
    DeliveryEngine engine = new DeliveryEngine(client, Clock.systemUTC(), Tracing.of(sdk));

    DeliveryOutcome outcome = engine.deliver(EVENT, new DeliveryTarget(subscriber.uri("/"), Map.of(), ONE_RETRY, null),
        null).get(10, TimeUnit.SECONDS);

    assertThat(outcome.attempts()).isEqualTo(2);
    List<SpanData> attempts = spans.getFinishedSpanItems();
    assertThat(attempts).hasSize(2).allSatisfy(s -> {
      assertThat(s.getTraceId()).isEqualTo(TRACE);
      assertThat(s.getParentSpanId()).isEqualTo("b7ad6b7169203331");
    });
    assertThat(attempts).extracting(s -> s.getAttributes().get(SpanAttributes.HTTP_STATUS)).containsExactly(503L, 202L);
    for (int i = 0; i < 2; i++) {
      String expected = "00-" + TRACE + "-" + attempts.get(i).getSpanId() + "-01";
      assertThat(subscriber.requests().get(i).header("traceparent")).isEqualTo(expected);
      assertThat(subscriber.requests().get(i).header("ce-traceparent")).isEqualTo(expected);
    }
  }

  @Test
  void shouldContinueTheTraceInTheReplyAndTheDeadLetterWhenTheyFollow() throws Exception {
    subscriber.respond(r -> TestHttpServer.Reply.of(200, Map.of("ce-specversion", "1.0", "ce-id", "r-1",
        "ce-source", "/replier", "ce-type", "reply"), "{}".getBytes(StandardCharsets.UTF_8)));
    sink.respond(r -> TestHttpServer.Reply.of(202));
    List<CloudEvent> replies = new CopyOnWriteArrayList<>();
    DeliveryEngine engine = new DeliveryEngine(client, Clock.systemUTC(), Tracing.of(sdk));

    engine.deliver(EVENT, new DeliveryTarget(subscriber.uri("/"), Map.of(), ONE_RETRY, null), reply -> {
      replies.add(reply);
      return CompletableFuture.completedFuture(null);
    }).get(10, TimeUnit.SECONDS);
    subscriber.respond(r -> TestHttpServer.Reply.of(400));
    engine.deliver(replies.get(0), new DeliveryTarget(subscriber.uri("/"), Map.of(), ONE_RETRY, sink.uri("/dls")),
        null).get(10, TimeUnit.SECONDS);

    List<SpanData> finished = spans.getFinishedSpanItems();
    assertThat(finished).allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(TRACE));
    SpanData reply = finished.stream().filter(s -> s.getName().equals("reply")).findFirst().orElseThrow();
    assertThat(replies.get(0).getExtension("traceparent")).isEqualTo("00-" + TRACE + "-" + reply.getSpanId() + "-01");
    SpanData deadLetter = finished.stream().filter(s -> s.getName().equals("dead letter")).findFirst().orElseThrow();
    assertThat(deadLetter.getParentSpanId()).isEqualTo(reply.getSpanId());
    assertThat(sink.requests().get(0).header("traceparent")).startsWith("00-" + TRACE + "-");
  }

  @Test
  void shouldInventNoTraceparentWhenTracingIsOffAndTheEventHasNone() throws Exception {
    CloudEvent untraced = CloudEventBuilder.v1().withId("e-2").withSource(URI.create("/s")).withType("t").build();
    DeliveryEngine engine = new DeliveryEngine(client, Clock.systemUTC(), Tracing.OFF);

    engine.deliver(untraced, new DeliveryTarget(subscriber.uri("/"), Map.of(), ONE_RETRY, null), null)
        .get(10, TimeUnit.SECONDS);

    assertThat(subscriber.requests().get(0).header("traceparent")).isNull();
    assertThat(subscriber.requests().get(0).header("ce-traceparent")).isNull();
  }
}
