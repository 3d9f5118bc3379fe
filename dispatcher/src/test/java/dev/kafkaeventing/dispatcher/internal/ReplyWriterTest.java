package dev.kafkaeventing.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.kafkaeventing.core.DeliveryEngine;
import dev.kafkaeventing.core.DeliveryOutcome;
import dev.kafkaeventing.core.DeliveryPolicy;
import dev.kafkaeventing.core.DeliveryTarget;
import dev.kafkaeventing.core.HttpClient;
import dev.kafkaeventing.core.HttpClientConfig;
import dev.kafkaeventing.core.RetryListener;
import dev.kafkaeventing.crds.BackoffPolicy;
import dev.kafkaeventing.dispatcher.DispatchLimits;
import dev.kafkaeventing.dispatcher.ReplyRoute;
import dev.kafkaeventing.dispatcher.Route;
import dev.kafkaeventing.dispatcher.StreamId;
import dev.kafkaeventing.filter.EventFilters;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reply path (route delivery → reply writer → producer) with a real HTTP subscriber and
 * HTTP client; only the producer is a test double, one whose {@code send} blocks as a real one
 * does for up to {@code max.block.ms} when Kafka is unreachable.
 */
class ReplyWriterTest {

  private static final StreamId STREAM = StreamId.broker("ns", "default");
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final BlockingProducer producer = new BlockingProducer();
  private HttpServer subscriber;
  private HttpClient client;
  private ReplyWriter writer;
  private RouteDelivery delivery;

  @BeforeEach
  void start() throws IOException {
    subscriber = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    subscriber.createContext("/replies", exchange -> {
      exchange.getResponseHeaders().add("ce-specversion", "1.0");
      exchange.getResponseHeaders().add("ce-id", "reply-1");
      exchange.getResponseHeaders().add("ce-type", "reply");
      exchange.getResponseHeaders().add("ce-source", "/subscriber");
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    subscriber.createContext("/accepts", exchange -> {
      exchange.sendResponseHeaders(202, -1);
      exchange.close();
    });
    subscriber.start();
    // One event loop: every delivery of this test shares it.
    client = HttpClient.create(new HttpClientConfig(1, 16, Duration.ofSeconds(2), 1 << 20));
    writer = new ReplyWriter(producer, 2);
    delivery = new RouteDelivery(new DeliveryEngine(client), reply -> writer.write("stream-topic", reply),
        topic -> reply -> writer.write(topic, reply), stream -> null);
  }

  @AfterEach
  void stop() {
    producer.release.countDown();
    writer.close(Duration.ofSeconds(1));
    client.close();
    subscriber.stop(0);
  }

  @Test
  void shouldCompleteOtherDeliveriesOnTheEventLoopWhenAReplyWriteBlocks() throws Exception {
    CompletableFuture<DeliveryOutcome> replying = delivery.deliver(route("/replies", 0), event("e1"), RetryListener.NONE);
    await().atMost(TIMEOUT).until(() -> producer.blockedSends.get() == 1);

    DeliveryOutcome other = delivery.deliver(route("/accepts", 0), event("e2"), RetryListener.NONE).get(5, TimeUnit.SECONDS);

    assertThat(other.result()).isEqualTo(DeliveryOutcome.Result.DELIVERED);
    assertThat(replying).isNotDone();
    producer.release.countDown();
    assertThat(replying.get(5, TimeUnit.SECONDS).result()).isEqualTo(DeliveryOutcome.Result.DELIVERED);
    assertThat(producer.history()).extracting(ProducerRecord::topic).containsExactly("stream-topic");
  }

  @Test
  void shouldRetryTheEventWhenTheReplyWriteFails() throws Exception {
    producer.release.countDown();
    producer.failNext.set(1);

    DeliveryOutcome outcome = delivery.deliver(route("/replies", 1), event("e1"), RetryListener.NONE).get(5, TimeUnit.SECONDS);

    assertThat(outcome.result()).isEqualTo(DeliveryOutcome.Result.DELIVERED);
    assertThat(outcome.attempts()).isEqualTo(2);
    assertThat(producer.history()).hasSize(1);
  }

  @Test
  void shouldFailTheWriteNamingTheQueueWhenItIsFull() {
    List<CompletableFuture<Void>> writes = List.of(writer.write("t", event("a")), writer.write("t", event("b")),
        writer.write("t", event("c")), writer.write("t", event("d")));
    await().atMost(TIMEOUT).until(() -> producer.blockedSends.get() == 1);

    CompletableFuture<Void> overflow = writer.write("t", event("e"));

    assertThat(overflow).failsWithin(Duration.ZERO).withThrowableThat()
        .withMessageContaining("reply writer queue full");
    producer.release.countDown();
    await().atMost(TIMEOUT).until(() -> writes.stream().allMatch(CompletableFuture::isDone));
    assertThat(producer.history()).hasSizeBetween(3, 4);
  }

  private Route route(String path, int retries) {
    DeliveryPolicy policy = new DeliveryPolicy(retries, BackoffPolicy.LINEAR, Duration.ofMillis(10), TIMEOUT, null,
        null);
    URI uri = URI.create("http://127.0.0.1:" + subscriber.getAddress().getPort() + path);
    return new Route("uid" + path, "ns", "t" + path.substring(1), STREAM, EventFilters.matchAll(),
        DeliveryTarget.of(uri, policy), false, ReplyRoute.TO_SOURCE_TOPIC, DispatchLimits.DEFAULT, null);
  }

  private static CloudEvent event(String id) {
    return CloudEventBuilder.v1().withId(id).withType("test").withSource(URI.create("/test")).build();
  }

  /** A producer whose sends block until released, as a real one waiting for metadata does. */
  private static final class BlockingProducer extends MockProducer<byte[], byte[]> {
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger blockedSends = new AtomicInteger();
    final AtomicInteger failNext = new AtomicInteger();

    BlockingProducer() {
      super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
      blockedSends.incrementAndGet();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new org.apache.kafka.common.errors.InterruptException(e);
      }
      if (failNext.getAndDecrement() > 0) {
        throw new TimeoutException("Topic stream-topic not present in metadata after 5000 ms.");
      }
      return super.send(record, callback);
    }
  }
}
