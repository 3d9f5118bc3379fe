package dev.kafkaeventing.ingress.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.kafkaeventing.ingress.PublisherGate;
import dev.kafkaeventing.ingress.ReceiverRoutes;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** Status mapping of the ingress handler; Kafka is a MockProducer, acknowledged by hand. */
class IngressRequestHandlerTest {

  private static final String TOPIC = "knative-broker-ns-default";
  private static final String BATCH = "application/cloudevents-batch+json";

  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final IngressPublisher publisher = new IngressPublisher(producer, Runnable::run);
  private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(2);

  private final ReceiverRoutes routes = new ReceiverRoutes() {
    @Override
    public Optional<String> topicFor(String path) {
      return path.equals("/ns/default") ? Optional.of(TOPIC) : Optional.empty();
    }

    @Override
    public boolean isPending(String path) {
      return path.equals("/ns/starting");
    }
  };
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final EmbeddedChannel channel = new EmbeddedChannel(
      new IngressRequestHandler(routes, publisher, PUBLISH_TIMEOUT, new IngressMetrics(registry, () -> 0)));

  @Test
  void shouldCountAnswersByTargetAndCodeWhenTheyAreWritten() {
    channel.writeInbound(binaryEvent("/ns/default", "1"));
    channel.writeInbound(binaryEvent("/any/thing/%22else", "2"));
    channel.writeInbound(request(HttpMethod.GET, "/healthz", "text/plain", ""));
    String beforeAck = scrape();

    producer.completeNext();
    channel.runPendingTasks();
    String afterAck = scrape();

    assertThat(beforeAck).doesNotContain("code=\"202\"");
    assertThat(afterAck)
        .contains("kafka_eventing_ingress_requests_total{code=\"202\",kind=\"broker\",name=\"default\",namespace=\"ns\"} 1.0")
        .contains("kafka_eventing_ingress_requests_total{code=\"404\",kind=\"unknown\",name=\"\",namespace=\"\"} 1.0")
        .contains("kafka_eventing_ingress_publish_duration_seconds_count{kind=\"broker\",name=\"default\",namespace=\"ns\"} 1")
        .doesNotContain("code=\"200\"");
    channel.finishAndReleaseAll();
  }

  @Test
  void shouldCountEachTargetsAcceptedRequestsWhenAConnectionPostsToSeveralTargets() {
    ReceiverRoutes two = new ReceiverRoutes() {
      @Override
      public Optional<String> topicFor(String path) {
        return path.equals("/ns/default") || path.equals("/ns/other") ? Optional.of(TOPIC) : Optional.empty();
      }

      @Override
      public boolean isPending(String path) {
        return false;
      }
    };
    PrometheusRegistry own = new PrometheusRegistry();
    EmbeddedChannel connection = new EmbeddedChannel(
        new IngressRequestHandler(two, publisher, PUBLISH_TIMEOUT, new IngressMetrics(own, () -> 0)));

    for (String path : List.of("/ns/default", "/ns/other", "/ns/other", "/ns/default", "/ns/default", "/no/where")) {
      connection.writeInbound(binaryEvent(path, "1"));
      producer.completeNext();
      connection.runPendingTasks();
    }

    assertThat(scrape(own))
        .contains("kafka_eventing_ingress_requests_total{code=\"202\",kind=\"broker\",name=\"default\",namespace=\"ns\"} 3.0")
        .contains("kafka_eventing_ingress_requests_total{code=\"202\",kind=\"broker\",name=\"other\",namespace=\"ns\"} 2.0")
        .contains("kafka_eventing_ingress_publish_duration_seconds_count{kind=\"broker\",name=\"other\",namespace=\"ns\"} 2")
        .contains("kafka_eventing_ingress_requests_total{code=\"404\",kind=\"unknown\",name=\"\",namespace=\"\"} 1.0");
    connection.finishAndReleaseAll();
  }

  private String scrape() {
    return scrape(registry);
  }

  private static String scrape(PrometheusRegistry registry) {
    try {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      PrometheusTextFormatWriter.create().write(out, registry.scrape());
      return out.toString(UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void shouldAnswer401WithChallengeAndProduceNothingWhenGateRefusesTheToken() {
    EmbeddedChannel gated = new EmbeddedChannel(new IngressRequestHandler(routes, publisher, PUBLISH_TIMEOUT,
        new IngressMetrics(new PrometheusRegistry(), () -> 0),
        (path, authorization, events) -> CompletableFuture.completedFuture(authorization == null
            ? PublisherGate.Admission.unauthenticated("missing bearer token")
            : PublisherGate.Admission.forbidden("no policy allows alice"))));

    gated.writeInbound(binaryEvent("/ns/default", "1"));
    FullHttpResponse unauthenticated = gated.readOutbound();
    FullHttpRequest withToken = binaryEvent("/ns/default", "2");
    withToken.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer x");
    gated.writeInbound(withToken);

    assertThat(unauthenticated.headers().get(HttpHeaderNames.WWW_AUTHENTICATE)).startsWith("Bearer");
    assertResponse(unauthenticated, HttpResponseStatus.UNAUTHORIZED, "missing bearer token\n");
    assertResponse(gated.readOutbound(), HttpResponseStatus.FORBIDDEN, "no policy allows alice\n");
    assertThat(producer.history()).isEmpty();
    assertFalse(gated.finishAndReleaseAll());
  }

  @Test
  void shouldProduceOnTheEventLoopWhenGateAllowsLater() {
    CompletableFuture<PublisherGate.Admission> decision = new CompletableFuture<>();
    EmbeddedChannel gated = new EmbeddedChannel(new IngressRequestHandler(routes, publisher, PUBLISH_TIMEOUT,
        new IngressMetrics(new PrometheusRegistry(), () -> 0), (path, authorization, events) -> decision));
    gated.writeInbound(binaryEvent("/ns/default", "1"));
    boolean producedBeforeDecision = !producer.history().isEmpty();

    decision.complete(PublisherGate.Admission.ALLOWED);
    gated.runPendingTasks();
    producer.completeNext();
    gated.runPendingTasks();

    assertThat(producedBeforeDecision).isFalse();
    assertResponse(gated.readOutbound(), HttpResponseStatus.ACCEPTED, "");
    assertFalse(gated.finishAndReleaseAll());
  }

  @Test
  void shouldAnswer202OnlyOnceKafkaAcknowledgedTheEvent() {
    channel.writeInbound(binaryEvent("/ns/default?x=1", "1"));
    Object beforeAck = channel.readOutbound();

    producer.completeNext();
    channel.runPendingTasks();

    assertThat(beforeAck).isNull();
    assertResponse(channel.readOutbound(), HttpResponseStatus.ACCEPTED, "");
    ProducerRecord<byte[], byte[]> record = producer.history().get(0);
    assertThat(record.topic()).isEqualTo(TOPIC);
    assertThat(new String(record.headers().lastHeader("ce_id").value(), UTF_8)).isEqualTo("1");
    assertThat(record.value()).isEqualTo("hello".getBytes(UTF_8));
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void shouldAnswer202ForBatchOnlyWhenEveryEventIsAcknowledged() {
    channel.writeInbound(request(HttpMethod.POST, "/ns/default", BATCH, "[" + event("1") + "," + event("2") + "]"));
    producer.completeNext();
    channel.runPendingTasks();
    Object afterFirstAck = channel.readOutbound();

    producer.completeNext();
    channel.runPendingTasks();

    assertThat(afterFirstAck).isNull();
    assertResponse(channel.readOutbound(), HttpResponseStatus.ACCEPTED, "");
    assertThat(producer.history()).hasSize(2);
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void shouldAnswer503WhenKafkaRefusesAnyEventOfBatch() {
    channel.writeInbound(request(HttpMethod.POST, "/ns/default", BATCH, "[" + event("1") + "," + event("2") + "]"));

    producer.completeNext();
    producer.errorNext(new TimeoutException("no leader"));
    channel.runPendingTasks();

    FullHttpResponse response = channel.readOutbound();
    assertResponse(response, HttpResponseStatus.SERVICE_UNAVAILABLE, "events not written to Kafka: TimeoutException\n");
    assertThat(response.headers().get(HttpHeaderNames.RETRY_AFTER)).isEqualTo("1");
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void shouldAnswer503WhenSendThrows() {
    producer.sendException = new BufferExhaustedException("buffer full");

    channel.writeInbound(binaryEvent("/ns/default", "1"));

    FullHttpResponse response = channel.readOutbound();
    assertResponse(response, HttpResponseStatus.SERVICE_UNAVAILABLE, "events not written to Kafka: BufferExhaustedException\n");
    assertThat(response.headers().get(HttpHeaderNames.RETRY_AFTER)).isEqualTo("1");
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void shouldAnswer413WhenRecordIsTooLargeForKafka() {
    channel.writeInbound(binaryEvent("/ns/default", "1"));

    producer.errorNext(new RecordTooLargeException("too large"));
    channel.runPendingTasks();

    assertResponse(channel.readOutbound(), HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
        "event exceeds the Kafka record size limit\n");
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void shouldAnswer400WithOneLineReasonWhenEventIsInvalid() {
    FullHttpRequest request = binaryEvent("/ns/default", "1");
    request.headers().remove("ce-source");

    channel.writeInbound(request);

    assertResponse(channel.readOutbound(), HttpResponseStatus.BAD_REQUEST, "missing required attribute source\n");
    assertThat(producer.history()).isEmpty();
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void shouldCarryCeHeaderValuesVerbatimWhenTheyNeedNoDecoding() {
    FullHttpRequest request = binaryEvent("/ns/default", "order-42:7");
    request.headers().set("ce-source", "https://shop.example.com/orders?region=eu-1")
        .set("ce-subject", "line/3").set("Ce-Tenant", "Acme-Corp_01").set(HttpHeaderNames.CONTENT_TYPE, "application/json");

    channel.writeInbound(request);
    producer.completeNext();
    channel.runPendingTasks();

    assertResponse(channel.readOutbound(), HttpResponseStatus.ACCEPTED, "");
    ProducerRecord<byte[], byte[]> record = producer.history().get(0);
    assertThat(record.headers().lastHeader("ce_id").value()).isEqualTo("order-42:7".getBytes(UTF_8));
    assertThat(record.headers().lastHeader("ce_source").value())
        .isEqualTo("https://shop.example.com/orders?region=eu-1".getBytes(UTF_8));
    assertThat(record.headers().lastHeader("ce_subject").value()).isEqualTo("line/3".getBytes(UTF_8));
    assertThat(record.headers().lastHeader("ce_tenant").value()).isEqualTo("Acme-Corp_01".getBytes(UTF_8));
    assertThat(record.headers().lastHeader("content-type").value()).isEqualTo("application/json".getBytes(UTF_8));
    assertThat(record.value()).isEqualTo("hello".getBytes(UTF_8));
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void shouldAnswer400NamingTheHeaderWhenACeHeaderValueIsInvalid() {
    FullHttpRequest badPercent = binaryEvent("/ns/default", "1");
    badPercent.headers().set("ce-tenant", "acme%G1");
    FullHttpRequest badUtf8 = binaryEvent("/ns/default", "2");
    badUtf8.headers().set("ce-subject", "%C0%A0");
    FullHttpRequest badSource = binaryEvent("/ns/default", "3");
    badSource.headers().set("ce-source", "/not a uri");

    channel.writeInbound(badPercent);
    channel.writeInbound(badUtf8);
    channel.writeInbound(badSource);

    assertResponse(channel.readOutbound(), HttpResponseStatus.BAD_REQUEST,
        "header ce-tenant has an invalid percent-encoding at position 4\n");
    assertResponse(channel.readOutbound(), HttpResponseStatus.BAD_REQUEST, "header ce-subject is not valid UTF-8\n");
    FullHttpResponse sourceRefused = channel.readOutbound();
    assertThat(sourceRefused.content().toString(UTF_8)).startsWith("attribute source is not a valid URI-reference");
    assertResponse(sourceRefused, HttpResponseStatus.BAD_REQUEST, sourceRefused.content().toString(UTF_8));
    assertThat(producer.history()).isEmpty();
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void shouldAnswer404WhenNoReadyTargetLivesAtThePath() {
    channel.writeInbound(binaryEvent("/ns/other", "1"));

    assertResponse(channel.readOutbound(), HttpResponseStatus.NOT_FOUND, "no broker at /ns/other\n");
    assertThat(producer.history()).isEmpty();
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void shouldAnswer503WithRetryAfterWhenTargetIsDeclaredButNotServedYet() {
    channel.writeInbound(binaryEvent("/ns/starting", "1"));

    FullHttpResponse response = channel.readOutbound();
    assertThat(response.headers().get(HttpHeaderNames.RETRY_AFTER)).isEqualTo("1");
    assertResponse(response, HttpResponseStatus.SERVICE_UNAVAILABLE, "broker at /ns/starting is not ready yet\n");
    assertThat(producer.history()).isEmpty();
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void shouldAnswer503WithRetryAfterWhenKafkaDoesNotAcknowledgeWithinThePublishTimeout() {
    // Only the advanced time may count: on a busy machine a real millisecond passes between steps.
    channel.freezeTime();
    channel.writeInbound(binaryEvent("/ns/default", "1"));
    channel.advanceTimeBy(PUBLISH_TIMEOUT.toMillis() - 1, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    Object beforeTimeout = channel.readOutbound();

    channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    FullHttpResponse response = channel.readOutbound();
    producer.completeNext();
    channel.runPendingTasks();

    assertThat(beforeTimeout).isNull();
    assertThat(response.headers().get(HttpHeaderNames.RETRY_AFTER)).isEqualTo("1");
    assertResponse(response, HttpResponseStatus.SERVICE_UNAVAILABLE,
        "Kafka did not acknowledge the events within 2000 ms\n");
    assertThat((Object) channel.readOutbound()).as("a late acknowledgement answers nothing more").isNull();
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void shouldAnswer405WithAllowWhenMethodIsNotPost() {
    channel.writeInbound(request(HttpMethod.GET, "/ns/default", null, ""));
    channel.writeInbound(request(HttpMethod.POST, IngressRequestHandler.HEALTH_PATH, null, ""));

    FullHttpResponse onBroker = channel.readOutbound();
    FullHttpResponse onHealth = channel.readOutbound();
    assertThat(onBroker.status()).isEqualTo(HttpResponseStatus.METHOD_NOT_ALLOWED);
    assertThat(onBroker.headers().get(HttpHeaderNames.ALLOW)).isEqualTo("POST");
    assertThat(onHealth.status()).isEqualTo(HttpResponseStatus.METHOD_NOT_ALLOWED);
    assertThat(onHealth.headers().get(HttpHeaderNames.ALLOW)).isEqualTo("GET, HEAD");
    onBroker.release();
    onHealth.release();
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void shouldAnswer200WhenHealthIsChecked() {
    channel.writeInbound(request(HttpMethod.GET, "/healthz", null, ""));

    assertResponse(channel.readOutbound(), HttpResponseStatus.OK, "ok\n");
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void shouldAnswer202WithoutProducingWhenBatchIsEmpty() {
    channel.writeInbound(request(HttpMethod.POST, "/ns/default", BATCH, "[]"));

    assertResponse(channel.readOutbound(), HttpResponseStatus.ACCEPTED, "");
    assertThat(producer.history()).isEmpty();
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void shouldKeepResponsesInRequestOrderWhenRequestsArePipelined() {
    channel.writeInbound(binaryEvent("/ns/default", "1"));
    channel.writeInbound(binaryEvent("/ns/unknown", "2"));
    Object beforeAck = channel.readOutbound();

    producer.completeNext();
    channel.runPendingTasks();

    assertThat(beforeAck).isNull();
    assertResponse(channel.readOutbound(), HttpResponseStatus.ACCEPTED, "");
    assertResponse(channel.readOutbound(), HttpResponseStatus.NOT_FOUND, "no broker at /ns/unknown\n");
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void shouldStopReadingWhenTooManyRequestsWaitOnOneConnection() {
    for (int i = 0; i < ResponseSequencer.MAX_PENDING; i++) {
      channel.writeInbound(binaryEvent("/ns/default", "e" + i));
    }
    boolean readingWhileFull = channel.config().isAutoRead();

    producer.completeNext();
    channel.runPendingTasks();

    assertThat(readingWhileFull).isFalse();
    assertThat(channel.config().isAutoRead()).isTrue();
    assertResponse(channel.readOutbound(), HttpResponseStatus.ACCEPTED, "");
    assertThat(producer.history()).hasSize(ResponseSequencer.MAX_PENDING);
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void shouldAnswer503AndCloseWhenShuttingDown() {
    publisher.beginClose();

    channel.writeInbound(binaryEvent("/ns/default", "1"));

    FullHttpResponse response = channel.readOutbound();
    assertThat(HttpUtil.isKeepAlive(response)).isFalse();
    assertResponse(response, HttpResponseStatus.SERVICE_UNAVAILABLE, "ingress is shutting down\n");
    assertThat(producer.history()).isEmpty();
    assertFalse(channel.finishAndReleaseAll());
  }

  @Test
  void shouldAnswer400AndCloseWhenRequestIsMalformed() {
    FullHttpRequest request = request(HttpMethod.POST, "/ns/default", null, "");
    request.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("bad header")));

    channel.writeInbound(request);

    FullHttpResponse response = channel.readOutbound();
    assertThat(HttpUtil.isKeepAlive(response)).isFalse();
    assertResponse(response, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request\n");
    assertFalse(channel.finishAndReleaseAll());
  }

  /** Checks status and body, then releases the response. */
  private static void assertResponse(FullHttpResponse response, HttpResponseStatus status, String body) {
    try {
      assertThat(response.status()).isEqualTo(status);
      assertThat(response.content().toString(UTF_8)).isEqualTo(body);
      assertThat(HttpUtil.getContentLength(response)).isEqualTo(body.getBytes(UTF_8).length);
    } finally {
      response.release();
    }
  }

  private static FullHttpRequest binaryEvent(String uri, String id) {
    FullHttpRequest request = request(HttpMethod.POST, uri, "text/plain", "hello");
    request.headers()
        .set("ce-specversion", "1.0").set("ce-id", id).set("ce-source", "/test").set("ce-type", "test.event");
    return request;
  }

  private static FullHttpRequest request(HttpMethod method, String uri, String contentType, String body) {
    FullHttpRequest request = new DefaultFullHttpRequest(
        HttpVersion.HTTP_1_1, method, uri, Unpooled.copiedBuffer(body, UTF_8));
    if (contentType != null) {
      request.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    }
    HttpUtil.setContentLength(request, request.content().readableBytes());
    return request;
  }

  private static String event(String id) {
    return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/test\",\"type\":\"test.event\"}";
  }
}
