package dev.kafkaeventing.core;

import dev.kafkaeventing.crds.BackoffPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaeventing.core.DeliveryOutcome.Result;
import dev.kafkaeventing.core.TestHttpServer.Recorded;
import dev.kafkaeventing.core.TestHttpServer.Reply;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeliveryEngineTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  /** How much later than its backoff an attempt may arrive on a busy machine. */
  private static final long SLACK_MILLIS = 500;
  private static final CloudEvent EVENT = CloudEventBuilder.v1()
      .withId("evt-1")
      .withSource(URI.create("/test/source"))
      .withType("dev.kafkaeventing.test")
      .withSubject("a subject with spaces")
      .withExtension("myext", "value-1")
      .withData("application/json", "{\"n\":1}".getBytes(StandardCharsets.UTF_8))
      .build();

  private HttpClient client;
  private DeliveryEngine engine;
  private TestHttpServer subscriber;
  private TestHttpServer deadLetterSink;

  @BeforeEach
  void setUp() throws IOException {
    client = HttpClient.create(new HttpClientConfig(2, 16, Duration.ofSeconds(2), 1 << 20));
    engine = new DeliveryEngine(client);
    subscriber = new TestHttpServer();
    deadLetterSink = new TestHttpServer();
  }

  @AfterEach
  void tearDown() {
    subscriber.close();
    deadLetterSink.close();
    client.close();
  }

  @Test
  void shouldSendBinaryModeWithPreferReplyAndTargetHeadersWhenSubscriberAccepts() throws Exception {
    DeliveryTarget target = new DeliveryTarget(subscriber.uri("/sub"), Map.of("Kn-Namespace", "ns-1"),
        policy(0, BackoffPolicy.LINEAR, 10), null);

    DeliveryOutcome outcome = deliver(EVENT, target, ReplyHandler.DISCARD);

    assertThat(outcome.result()).isEqualTo(Result.DELIVERED);
    assertThat(outcome.attempts()).isEqualTo(1);
    assertThat(outcome.lastStatus()).isEqualTo(200);
    assertThat(outcome.lastError()).isNull();
    Recorded request = subscriber.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.header("Prefer")).isEqualTo("reply");
    assertThat(request.header("Kn-Namespace")).isEqualTo("ns-1");
    assertThat(request.header("ce-specversion")).isEqualTo("1.0");
    assertThat(request.header("ce-id")).isEqualTo("evt-1");
    assertThat(request.header("ce-source")).isEqualTo("/test/source");
    assertThat(request.header("ce-type")).isEqualTo("dev.kafkaeventing.test");
    assertThat(request.header("ce-subject")).isEqualTo("a%20subject%20with%20spaces");
    assertThat(request.header("ce-myext")).isEqualTo("value-1");
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}");
  }

  @Test
  void shouldDeliverAfterLinearBackoffWhenSubscriberFailsFiveTimesWithRetryFive() throws Exception {
    subscriber.respond(r -> r.index() < 5 ? Reply.of(500) : Reply.of(200));
    DeliveryTarget target = new DeliveryTarget(subscriber.uri("/"), Map.of(),
        policy(5, BackoffPolicy.LINEAR, 100), deadLetterSink.uri("/dls"));

    DeliveryOutcome outcome = deliver(EVENT, target, ReplyHandler.DISCARD);

    assertThat(outcome.result()).isEqualTo(Result.DELIVERED);
    assertThat(outcome.attempts()).isEqualTo(6);
    assertGaps(subscriber.requests(), 100, 200, 300, 400, 500);
    assertThat(deadLetterSink.requests()).isEmpty();
  }

  @Test
  void shouldWaitExponentiallyGrowingDelaysWhenPolicyIsExponential() throws Exception {
    subscriber.respond(r -> Reply.of(503));
    DeliveryTarget target = DeliveryTarget.of(subscriber.uri("/"), policy(3, BackoffPolicy.EXPONENTIAL, 50));

    DeliveryOutcome outcome = deliver(EVENT, target, ReplyHandler.DISCARD);

    assertThat(outcome.result()).isEqualTo(Result.FAILED);
    assertThat(outcome.attempts()).isEqualTo(4);
    assertThat(outcome.lastStatus()).isEqualTo(503);
    assertGaps(subscriber.requests(), 100, 200, 400);
  }

  @Test
  void shouldCapTheBackoffWhenBackoffMaxIsSet() throws Exception {
    subscriber.respond(r -> Reply.of(500));
    DeliveryPolicy capped = new DeliveryPolicy(3, BackoffPolicy.EXPONENTIAL, Duration.ofMillis(100), TIMEOUT,
        Duration.ofMillis(250), null);

    deliver(EVENT, DeliveryTarget.of(subscriber.uri("/"), capped), ReplyHandler.DISCARD);

    // Uncapped, the waits would be 200, 400 and 800 ms.
    assertGaps(subscriber.requests(), 200, 250, 250);
  }

  @Test
  void shouldDeadLetterWithErrorExtensionsWhenSubscriberFailsSixTimesWithRetryFive() throws Exception {
    subscriber.respond(r -> Reply.of(500, Map.of("kne-Reason", "db down"), "boom".getBytes(StandardCharsets.UTF_8)));
    DeliveryTarget target = new DeliveryTarget(subscriber.uri("/sub"), Map.of("Kn-Namespace", "ns-1"),
        policy(5, BackoffPolicy.LINEAR, 10), deadLetterSink.uri("/dls"));

    DeliveryOutcome outcome = deliver(EVENT, target, ReplyHandler.DISCARD);

    assertThat(outcome.result()).isEqualTo(Result.DEAD_LETTERED);
    assertThat(outcome.attempts()).isEqualTo(6);
    assertThat(outcome.lastStatus()).isEqualTo(500);
    assertThat(new String(outcome.lastBodyExcerpt(), StandardCharsets.UTF_8)).isEqualTo("boom");
    assertThat(subscriber.requests()).hasSize(6);
    Recorded dead = single(deadLetterSink.requests());
    assertThat(dead.header("ce-knativeerrordest")).isEqualTo(subscriber.uri("/sub").toString());
    assertThat(dead.header("ce-knativeerrorcode")).isEqualTo("500");
    assertThat(dead.header("ce-knativeerrordata")).isEqualTo(base64("boom"));
    assertThat(dead.header("ce-reason")).isEqualTo("db%20down");
    assertThat(dead.header("ce-id")).isEqualTo("evt-1");
    assertThat(dead.header("ce-myext")).isEqualTo("value-1");
    assertThat(dead.header("Kn-Namespace")).isEqualTo("ns-1");
    assertThat(new String(dead.body(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}");
  }

  static Stream<Arguments> unprocessableBodies() {
    return Stream.of(Arguments.of("", null), Arguments.of("invalid amount", base64("invalid amount")));
  }

  @ParameterizedTest
  @MethodSource("unprocessableBodies")
  void shouldDeadLetterAtOnceWhenSubscriberAnswers422(String body, String expectedErrorData) throws Exception {
    subscriber.respond(r -> Reply.of(422, Map.of(), body.getBytes(StandardCharsets.UTF_8)));
    DeliveryTarget target = new DeliveryTarget(subscriber.uri("/"), Map.of(),
        policy(5, BackoffPolicy.LINEAR, 10), deadLetterSink.uri("/dls"));

    DeliveryOutcome outcome = deliver(EVENT, target, ReplyHandler.DISCARD);

    assertThat(outcome.result()).isEqualTo(Result.DEAD_LETTERED);
    assertThat(outcome.attempts()).isEqualTo(1);
    Recorded dead = single(deadLetterSink.requests());
    assertThat(dead.header("ce-knativeerrorcode")).isEqualTo("422");
    assertThat(dead.header("ce-knativeerrordata")).isEqualTo(expectedErrorData);
  }

  @Test
  void shouldTruncateErrorDataTo1024BytesWhenTheBodyIsLonger() throws Exception {
    byte[] long2k = "x".repeat(2048).getBytes(StandardCharsets.UTF_8);
    subscriber.respond(r -> Reply.of(400, Map.of(), long2k));
    DeliveryTarget target = new DeliveryTarget(subscriber.uri("/"), Map.of(),
        policy(0, BackoffPolicy.LINEAR, 10), deadLetterSink.uri("/dls"));

    deliver(EVENT, target, ReplyHandler.DISCARD);

    assertThat(single(deadLetterSink.requests()).header("ce-knativeerrordata")).isEqualTo(base64("x".repeat(1024)));
  }

  @Test
  void shouldDeadLetterWithDestinationOnlyWhenSubscriberIsUnreachable() throws Exception {
    URI unreachable = URI.create("http://127.0.0.1:" + freePort() + "/gone");
    DeliveryTarget target = new DeliveryTarget(unreachable, Map.of(),
        policy(2, BackoffPolicy.LINEAR, 10), deadLetterSink.uri("/dls"));

    DeliveryOutcome outcome = deliver(EVENT, target, ReplyHandler.DISCARD);

    assertThat(outcome.result()).isEqualTo(Result.DEAD_LETTERED);
    assertThat(outcome.attempts()).isEqualTo(3);
    assertThat(outcome.lastStatus()).isZero();
    assertThat(outcome.lastError()).contains("ConnectException");
    Recorded dead = single(deadLetterSink.requests());
    assertThat(dead.header("ce-knativeerrordest")).isEqualTo(unreachable.toString());
    assertThat(dead.header("ce-knativeerrorcode")).isNull();
    assertThat(dead.header("ce-knativeerrordata")).isNull();
  }

  @Test
  void shouldFailWhenTheDeadLetterSinkFailsToo() throws Exception {
    subscriber.respond(r -> Reply.of(500));
    deadLetterSink.respond(r -> Reply.of(503));
    DeliveryTarget target = new DeliveryTarget(subscriber.uri("/"), Map.of(),
        policy(1, BackoffPolicy.LINEAR, 10), deadLetterSink.uri("/dls"));

    DeliveryOutcome outcome = deliver(EVENT, target, ReplyHandler.DISCARD);

    assertThat(outcome.result()).isEqualTo(Result.FAILED);
    assertThat(outcome.attempts()).isEqualTo(2);
    assertThat(deadLetterSink.requests()).hasSize(2);
    assertThat(outcome.lastError()).contains("500").contains("dead letter sink").contains("503");
  }

  static Stream<Arguments> statusTable() {
    return Stream.of(
        Arguments.of(500, 2), Arguments.of(502, 2), Arguments.of(503, 2), Arguments.of(404, 2),
        Arguments.of(408, 2), Arguments.of(409, 2), Arguments.of(429, 2),
        Arguments.of(400, 1), Arguments.of(401, 1), Arguments.of(403, 1), Arguments.of(413, 1),
        Arguments.of(422, 1), Arguments.of(301, 1), Arguments.of(307, 1));
  }

  @ParameterizedTest
  @MethodSource("statusTable")
  void shouldRetryOnlyKnativeRetryableStatusesWhenSubscriberFails(int status, int expectedAttempts)
      throws Exception {
    subscriber.respond(r -> Reply.of(status));
    DeliveryTarget target = DeliveryTarget.of(subscriber.uri("/"), policy(1, BackoffPolicy.LINEAR, 1));

    DeliveryOutcome outcome = deliver(EVENT, target, ReplyHandler.DISCARD);

    assertThat(outcome.result()).isEqualTo(Result.FAILED);
    assertThat(outcome.attempts()).isEqualTo(expectedAttempts);
    assertThat(outcome.lastStatus()).isEqualTo(status);
  }

  @Test
  void shouldRetryAfterATimedOutAttemptWhenSubscriberIsSlow() throws Exception {
    subscriber.respond(r -> r.index() == 0 ? Reply.holdForever() : Reply.of(200));
    DeliveryPolicy policy = new DeliveryPolicy(1, BackoffPolicy.LINEAR, Duration.ofMillis(10),
        Duration.ofMillis(300), null, null);
    long start = System.nanoTime();

    DeliveryOutcome outcome = deliver(EVENT, DeliveryTarget.of(subscriber.uri("/"), policy), ReplyHandler.DISCARD);

    assertThat(outcome.result()).isEqualTo(Result.DELIVERED);
    assertThat(outcome.attempts()).isEqualTo(2);
    long secondAttemptMillis = TimeUnit.NANOSECONDS.toMillis(subscriber.requests().get(1).nanoTime() - start);
    assertThat(secondAttemptMillis).isBetween(310L, 1500L);
  }

  @Test
  void shouldHonourRetryAfterWhenSubscriberAnswers429() throws Exception {
    subscriber.respond(r -> r.index() == 0 ? Reply.of(429, Map.of("Retry-After", "1"), new byte[0]) : Reply.of(200));

    DeliveryOutcome outcome = deliver(EVENT, DeliveryTarget.of(subscriber.uri("/"), policy(1, BackoffPolicy.LINEAR, 10)),
        ReplyHandler.DISCARD);

    assertThat(outcome.result()).isEqualTo(Result.DELIVERED);
    assertGaps(subscriber.requests(), 1000);
  }

  @Test
  void shouldCapRetryAfterWhenRetryAfterMaxIsSet() throws Exception {
    subscriber.respond(r -> r.index() == 0 ? Reply.of(503, Map.of("Retry-After", "30"), new byte[0]) : Reply.of(200));
    DeliveryPolicy policy = new DeliveryPolicy(1, BackoffPolicy.LINEAR, Duration.ofMillis(10), TIMEOUT, null,
        Duration.ofMillis(250));

    DeliveryOutcome outcome = deliver(EVENT, DeliveryTarget.of(subscriber.uri("/"), policy), ReplyHandler.DISCARD);

    assertThat(outcome.result()).isEqualTo(Result.DELIVERED);
    assertGaps(subscriber.requests(), 250);
  }

  @Test
  void shouldIgnoreRetryAfterWhenRetryAfterMaxIsZero() throws Exception {
    subscriber.respond(r -> r.index() == 0 ? Reply.of(429, Map.of("Retry-After", "30"), new byte[0]) : Reply.of(200));
    DeliveryPolicy policy = new DeliveryPolicy(1, BackoffPolicy.LINEAR, Duration.ofMillis(10), TIMEOUT, null,
        Duration.ZERO);

    DeliveryOutcome outcome = deliver(EVENT, DeliveryTarget.of(subscriber.uri("/"), policy), ReplyHandler.DISCARD);

    assertThat(outcome.result()).isEqualTo(Result.DELIVERED);
    assertGaps(subscriber.requests(), 10);
  }

  @Test
  void shouldHandTheReplyEventToTheHandlerWhenSubscriberRepliesInBinaryMode() throws Exception {
    subscriber.respond(r -> Reply.of(200, replyHeaders("reply-1"), "{\"ok\":true}".getBytes(StandardCharsets.UTF_8)));
    List<CloudEvent> replies = new CopyOnWriteArrayList<>();

    DeliveryOutcome outcome = deliver(EVENT, DeliveryTarget.of(subscriber.uri("/"), policy(0, BackoffPolicy.LINEAR, 1)),
        reply -> {
          replies.add(reply);
          return CompletableFuture.completedFuture(null);
        });

    assertThat(outcome.result()).isEqualTo(Result.DELIVERED);
    CloudEvent reply = single(replies);
    assertThat(reply.getId()).isEqualTo("reply-1");
    assertThat(reply.getType()).isEqualTo("dev.kafkaeventing.reply");
    assertThat(reply.getSource()).isEqualTo(URI.create("/replier"));
    assertThat(reply.getExtension("hop")).isEqualTo("two words");
    assertThat(reply.getDataContentType()).isEqualTo("application/json");
    assertThat(new String(reply.getData().toBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
  }

  @Test
  void shouldKeepNoBodyExcerptWhenDeliveredWithAReply() throws Exception {
    subscriber.respond(r -> Reply.of(200, replyHeaders("reply-1"), "{\"ok\":true}".getBytes(StandardCharsets.UTF_8)));

    DeliveryOutcome outcome = deliver(EVENT, DeliveryTarget.of(subscriber.uri("/"), policy(0, BackoffPolicy.LINEAR, 1)),
        reply -> CompletableFuture.completedFuture(null));

    assertThat(outcome.result()).isEqualTo(Result.DELIVERED);
    assertThat(outcome.lastStatus()).isEqualTo(200);
    assertThat(outcome.lastBodyExcerpt()).isEmpty();
  }

  @Test
  void shouldHandTheReplyEventToTheHandlerWhenSubscriberRepliesInStructuredMode() throws Exception {
    String structured = "{\"specversion\":\"1.0\",\"id\":\"s-1\",\"source\":\"/s\",\"type\":\"t\","
        + "\"datacontenttype\":\"text/plain\",\"data\":\"hi\"}";
    subscriber.respond(r -> Reply.of(200, Map.of("Content-Type", "application/cloudevents+json; charset=utf-8"),
        structured.getBytes(StandardCharsets.UTF_8)));
    List<CloudEvent> replies = new CopyOnWriteArrayList<>();

    deliver(EVENT, DeliveryTarget.of(subscriber.uri("/"), policy(0, BackoffPolicy.LINEAR, 1)), reply -> {
      replies.add(reply);
      return CompletableFuture.completedFuture(null);
    });

    assertThat(single(replies).getId()).isEqualTo("s-1");
  }

  @Test
  void shouldRetryWhenTheReplyHandlerFails() throws Exception {
    subscriber.respond(r -> Reply.of(200, replyHeaders("reply-" + r.index()), new byte[0]));
    AtomicInteger calls = new AtomicInteger();

    DeliveryOutcome outcome = deliver(EVENT, DeliveryTarget.of(subscriber.uri("/"), policy(2, BackoffPolicy.LINEAR, 10)),
        reply -> calls.incrementAndGet() == 1
            ? CompletableFuture.failedFuture(new IllegalStateException("kafka unavailable"))
            : CompletableFuture.completedFuture(null));

    assertThat(outcome.result()).isEqualTo(Result.DELIVERED);
    assertThat(outcome.attempts()).isEqualTo(2);
    assertThat(calls).hasValue(2);
  }

  @Test
  void shouldFailWithTheReplyHandlersErrorWhenItKeepsFailing() throws Exception {
    subscriber.respond(r -> Reply.of(200, replyHeaders("reply"), new byte[0]));

    DeliveryOutcome outcome = deliver(EVENT, DeliveryTarget.of(subscriber.uri("/"), policy(1, BackoffPolicy.LINEAR, 10)),
        reply -> CompletableFuture.failedFuture(new IllegalStateException("kafka unavailable")));

    assertThat(outcome.result()).isEqualTo(Result.FAILED);
    assertThat(outcome.attempts()).isEqualTo(2);
    assertThat(outcome.lastError()).contains("kafka unavailable");
  }

  @Test
  void shouldNotTreatTheBodyAsAReplyWhenStatusIs202OrBodyIsPlain() throws Exception {
    subscriber.respond(r -> r.index() == 0
        ? Reply.of(202, replyHeaders("ignored"), "{}".getBytes(StandardCharsets.UTF_8))
        : Reply.of(200, Map.of("Content-Type", "text/plain"), "thanks".getBytes(StandardCharsets.UTF_8)));
    List<CloudEvent> replies = new CopyOnWriteArrayList<>();
    ReplyHandler collect = reply -> {
      replies.add(reply);
      return CompletableFuture.completedFuture(null);
    };
    DeliveryTarget target = DeliveryTarget.of(subscriber.uri("/"), policy(0, BackoffPolicy.LINEAR, 1));

    DeliveryOutcome accepted = deliver(EVENT, target, collect);
    DeliveryOutcome plain = deliver(EVENT, target, collect);

    assertThat(accepted.result()).isEqualTo(Result.DELIVERED);
    assertThat(accepted.lastStatus()).isEqualTo(202);
    assertThat(plain.result()).isEqualTo(Result.DELIVERED);
    assertThat(replies).isEmpty();
  }

  @Test
  void shouldRetryWhenTheReplyEventIsMalformed() throws Exception {
    Map<String, String> noId = Map.of("ce-specversion", "1.0", "ce-source", "/s", "ce-type", "t");
    subscriber.respond(r -> r.index() == 0 ? Reply.of(200, noId, new byte[0]) : Reply.of(204));

    DeliveryOutcome outcome = deliver(EVENT, DeliveryTarget.of(subscriber.uri("/"), policy(1, BackoffPolicy.LINEAR, 10)),
        reply -> CompletableFuture.completedFuture(null));

    assertThat(outcome.result()).isEqualTo(Result.DELIVERED);
    assertThat(outcome.attempts()).isEqualTo(2);
  }

  @Test
  void shouldCarryA36KibEventAndA36KibReplyUnchanged() throws Exception {
    byte[] data = new byte[36 * 1024];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) ('a' + i % 26);
    }
    CloudEvent large = CloudEventBuilder.v1(EVENT).withData("text/plain", data).build();
    subscriber.respond(r -> Reply.of(200, replyHeaders("big-reply"), r.body()));
    List<CloudEvent> replies = new CopyOnWriteArrayList<>();

    DeliveryOutcome outcome = deliver(large, DeliveryTarget.of(subscriber.uri("/"), policy(0, BackoffPolicy.LINEAR, 1)),
        reply -> {
          replies.add(reply);
          return CompletableFuture.completedFuture(null);
        });

    assertThat(outcome.result()).isEqualTo(Result.DELIVERED);
    assertThat(single(subscriber.requests()).body()).isEqualTo(data);
    assertThat(single(replies).getData().toBytes()).isEqualTo(data);
  }

  @Test
  void shouldDeliverManyEventsConcurrentlyWithoutAThreadPerDelivery() throws Exception {
    Map<String, AtomicInteger> attemptsById = new ConcurrentHashMap<>();
    subscriber.respond(r -> {
      int attempt = attemptsById.computeIfAbsent(r.header("ce-id"), id -> new AtomicInteger()).incrementAndGet();
      return Integer.parseInt(r.header("ce-id").substring(2)) % 3 < attempt ? Reply.of(200) : Reply.of(500);
    });
    DeliveryTarget target = DeliveryTarget.of(subscriber.uri("/"), policy(5, BackoffPolicy.LINEAR, 5));
    int threadsBefore = Thread.activeCount();

    List<CompletableFuture<DeliveryOutcome>> outcomes = Stream.iterate(0, i -> i + 1).limit(200)
        .map(i -> engine.deliver(CloudEventBuilder.v1(EVENT).withId("e-" + i).build(), target, ReplyHandler.DISCARD))
        .toList();
    CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

    assertThat(outcomes).allSatisfy(o -> assertThat(o.join().result()).isEqualTo(Result.DELIVERED));
    assertThat(outcomes.get(5).join().attempts()).isEqualTo(3);
    assertThat(Thread.activeCount() - threadsBefore).isLessThan(40);
  }

  @Test
  void shouldSendEachTargetItsOwnHeadersWhenOneEventGoesToSeveralTargets() throws Exception {
    CloudEvent untyped = CloudEventBuilder.v1(EVENT).withData(null, new byte[] {1, 2}).build();
    DeliveryTarget first = new DeliveryTarget(subscriber.uri("/first"), Map.of("Kn-Namespace", "ns-1"),
        policy(0, BackoffPolicy.LINEAR, 10), null);
    DeliveryTarget second = new DeliveryTarget(subscriber.uri("/second"), Map.of("Content-Type", "text/plain"),
        policy(0, BackoffPolicy.LINEAR, 10), null);

    deliver(untyped, first, ReplyHandler.DISCARD);
    deliver(untyped, second, ReplyHandler.DISCARD);

    Recorded toFirst = subscriber.requests().get(0);
    Recorded toSecond = subscriber.requests().get(1);
    assertThat(toFirst.header("Kn-Namespace")).isEqualTo("ns-1");
    assertThat(toSecond.header("Kn-Namespace")).isNull();
    // An event without a datacontenttype has no Content-Type, whatever the target's headers say.
    assertThat(toSecond.header("Content-Type")).isNull();
    for (Recorded request : List.of(toFirst, toSecond)) {
      assertThat(request.header("ce-id")).isEqualTo("evt-1");
      assertThat(request.header("ce-subject")).isEqualTo("a%20subject%20with%20spaces");
      assertThat(request.header("Prefer")).isEqualTo("reply");
      assertThat(request.body()).containsExactly(1, 2);
    }
  }

  @ParameterizedTest
  @MethodSource("unwritableHeaders")
  void shouldFailWithoutSendingWhenTheRequestCannotCarryAHeader(CloudEvent event, Map<String, String> headers)
      throws Exception {
    DeliveryTarget target = new DeliveryTarget(subscriber.uri("/"), headers, policy(3, BackoffPolicy.LINEAR, 10),
        null);

    DeliveryOutcome outcome = deliver(event, target, ReplyHandler.DISCARD);

    assertThat(outcome.result()).isEqualTo(Result.FAILED);
    assertThat(outcome.attempts()).isEqualTo(1);
    assertThat(outcome.lastError()).startsWith("cannot encode the event");
    assertThat(subscriber.requests()).isEmpty();
  }

  @Test
  void shouldMakeOneAttemptAndFailWhenRetryIsZeroAndAReusedConnectionClosesAfterReadingThePost() throws Exception {
    AtomicInteger posts = new AtomicInteger();
    try (RawHttpServer raw = new RawHttpServer((index, socket, connection) -> {
      connection.readRequest();
      connection.write("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n");
      if (connection.readRequest() != null) {
        posts.incrementAndGet(); // read, then closed without an answer
      }
    })) {
      DeliveryTarget target = DeliveryTarget.of(raw.uri("/sub"), policy(0, BackoffPolicy.LINEAR, 10));
      assertThat(deliver(EVENT, target, ReplyHandler.DISCARD).result()).isEqualTo(Result.DELIVERED);

      DeliveryOutcome outcome = deliver(CloudEventBuilder.v1(EVENT).withId("evt-2").build(), target,
          ReplyHandler.DISCARD);

      assertThat(outcome.result()).isEqualTo(Result.FAILED);
      assertThat(outcome.attempts()).isEqualTo(1);
      assertThat(posts.get()).as("POSTs of the second event").isEqualTo(1);
      assertThat(raw.connections()).isEqualTo(1);
    }
  }

  @Test
  void shouldSendAtMostRetryPlusOnePostsWhenReusedConnectionsCloseAfterReadingThePost() throws Exception {
    AtomicInteger posts = new AtomicInteger();
    try (RawHttpServer raw = new RawHttpServer((index, socket, connection) -> {
      // Each connection: the first POST gets a 503, the next one is read and the connection closed.
      if (connection.readRequest() == null) {
        return;
      }
      posts.incrementAndGet();
      connection.write("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n");
      if (connection.readRequest() != null) {
        posts.incrementAndGet();
      }
    })) {
      DeliveryTarget target = DeliveryTarget.of(raw.uri("/sub"), policy(4, BackoffPolicy.LINEAR, 10));

      DeliveryOutcome outcome = deliver(EVENT, target, ReplyHandler.DISCARD);

      assertThat(outcome.result()).isEqualTo(Result.FAILED);
      assertThat(outcome.attempts()).isEqualTo(5);
      assertThat(posts.get()).isEqualTo(5);
    }
  }

  @Test
  void shouldReportEachRetryOfTheSubscriberAsItStarts() throws Exception {
    subscriber.respond(r -> r.index() < 3 ? Reply.of(500) : Reply.of(202));
    AtomicInteger retries = new AtomicInteger();
    DeliveryTarget target = DeliveryTarget.of(subscriber.uri("/sub"), policy(5, BackoffPolicy.LINEAR, 10));

    DeliveryOutcome outcome = engine.deliver(EVENT, target, ReplyHandler.DISCARD, retries::incrementAndGet)
        .get(20, TimeUnit.SECONDS);

    assertThat(outcome.attempts()).isEqualTo(4);
    assertThat(retries.get()).isEqualTo(3);
  }

  static Stream<Arguments> unwritableHeaders() {
    return Stream.of(
        Arguments.of(EVENT, Map.of("X-Note", "a\r\nX-Injected: 1")),
        Arguments.of(EVENT, Map.of("Bad Name", "v")),
        Arguments.of(CloudEventBuilder.v1(EVENT).withData("text/plain\r\nX-Injected: 1", new byte[] {1}).build(),
            Map.of()),
        Arguments.of(CloudEventBuilder.v1(EVENT).withExtension("traceparent", "00-a\nb").build(), Map.of()));
  }

  private DeliveryOutcome deliver(CloudEvent event, DeliveryTarget target, ReplyHandler replies) throws Exception {
    return engine.deliver(event, target, replies).get(20, TimeUnit.SECONDS);
  }

  private static DeliveryPolicy policy(int retry, BackoffPolicy backoff, long delayMillis) {
    return new DeliveryPolicy(retry, backoff, Duration.ofMillis(delayMillis), TIMEOUT, null, null);
  }

  private static Map<String, String> replyHeaders(String id) {
    return Map.of("ce-specversion", "1.0", "ce-id", id, "ce-source", "/replier",
        "ce-type", "dev.kafkaeventing.reply", "ce-hop", "two%20words", "Content-Type", "application/json");
  }

  /** Asserts the gaps between consecutive recorded requests: at least each expected delay, not much more. */
  private static void assertGaps(List<Recorded> requests, long... expectedMillis) {
    assertThat(requests).hasSize(expectedMillis.length + 1);
    for (int i = 0; i < expectedMillis.length; i++) {
      long gapMillis = TimeUnit.NANOSECONDS.toMillis(requests.get(i + 1).nanoTime() - requests.get(i).nanoTime());
      assertThat(gapMillis).as("gap before attempt %d", i + 2)
          .isBetween(expectedMillis[i] - 2, expectedMillis[i] + SLACK_MILLIS);
    }
  }

  private static <T> T single(List<T> list) {
    assertThat(list).hasSize(1);
    return list.get(0);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
