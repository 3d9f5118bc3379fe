package dev.kafkaeventing.ingress;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ingress over real HTTP with a real client; Kafka is a MockProducer (unit level only). */
class ReceiverTest {

  private static final String TOPIC = "knative-broker-ns-default";
  private static final ReceiverRoutes ROUTES =
      path -> path.equals("/ns/default") ? Optional.of(TOPIC) : Optional.empty();

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Receiver ingress;

  @AfterEach
  void stop() {
    if (ingress != null) {
      ingress.close();
    }
  }

  @Test
  void shouldWriteEventToTheTopicWhenPostedInBinaryMode() throws Exception {
    MockProducer<byte[], byte[]> producer = producer(true);
    ingress = Receiver.start(config(), ROUTES, producer);

    HttpResponse<String> response = client.send(binaryPost("/ns/default", "a%20b"), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(202);
    ProducerRecord<byte[], byte[]> record = producer.history().get(0);
    assertThat(record.topic()).isEqualTo(TOPIC);
    assertThat(new String(record.headers().lastHeader("ce_id").value(), UTF_8)).isEqualTo("a b");
    assertThat(new String(record.headers().lastHeader("content-type").value(), UTF_8)).isEqualTo("application/json");
    assertThat(new String(record.value(), UTF_8)).isEqualTo("{\"n\":1}");
  }

  @Test
  void shouldWriteEveryEventWhenPostedAsBatch() throws Exception {
    MockProducer<byte[], byte[]> producer = producer(true);
    ingress = Receiver.start(config(), ROUTES, producer);
    String batch = "[" + structured("1") + "," + structured("2") + "]";

    HttpResponse<String> response = client.send(
        post("/ns/default", "application/cloudevents-batch+json", batch), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(producer.history()).extracting(r -> new String(r.headers().lastHeader("ce_id").value(), UTF_8))
        .containsExactly("1", "2");
  }

  @Test
  void shouldAnswerErrorsAndHealthWhenRequestsCannotBeServed() throws Exception {
    ingress = Receiver.start(config(), ROUTES, producer(true));
    HttpRequest health = HttpRequest.newBuilder(uri("/healthz")).GET().build();
    HttpRequest get = HttpRequest.newBuilder(uri("/ns/default")).GET().build();

    HttpResponse<String> healthy = client.send(health, HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> notAllowed = client.send(get, HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> notFound = client.send(binaryPost("/ns/missing", "1"), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> invalid = client.send(
        post("/ns/default", "application/cloudevents+json", "{\"specversion\":\"1.0\"}"),
        HttpResponse.BodyHandlers.ofString());

    assertThat(healthy.statusCode()).isEqualTo(200);
    assertThat(notAllowed.statusCode()).isEqualTo(405);
    assertThat(notAllowed.headers().firstValue("allow")).hasValue("POST");
    assertThat(notFound.statusCode()).isEqualTo(404);
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(invalid.body()).isEqualTo("missing required attribute id\n");
    assertThat(invalid.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
  }

  @Test
  void shouldAnswerOnlyOnceKafkaAcknowledges() {
    MockProducer<byte[], byte[]> producer = producer(false);
    ingress = Receiver.start(config(), ROUTES, producer);

    CompletableFuture<HttpResponse<String>> response =
        client.sendAsync(binaryPost("/ns/default", "1"), HttpResponse.BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 1);
    boolean answeredBeforeAck = response.isDone();
    producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("no leader"));

    assertThat(answeredBeforeAck).isFalse();
    HttpResponse<String> answered = response.join();
    assertThat(answered.statusCode()).isEqualTo(503);
    assertThat(answered.headers().firstValue("retry-after")).hasValue("1");
  }

  @Test
  void shouldStopAcceptingButFinishProducesInFlightWhenClosed() {
    MockProducer<byte[], byte[]> producer = producer(false);
    Receiver closing = Receiver.start(config(), ROUTES, producer);
    int port = closing.port();
    CompletableFuture<HttpResponse<String>> inFlight =
        client.sendAsync(binaryPost(port, "/ns/default"), HttpResponse.BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 1);

    CompletableFuture<Void> closed = CompletableFuture.runAsync(closing::close);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(binaryPost(port, "/ns/default"),
            HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class));
    boolean closedBeforeAck = closed.isDone();
    producer.completeNext();

    assertThat(closedBeforeAck).isFalse();
    assertThat(inFlight.join().statusCode()).isEqualTo(202);
    closed.join();
    closing.close();
  }

  @Test
  void shouldFailToStartWhenPortIsTaken() {
    ingress = Receiver.start(config(), ROUTES, producer(true));

    assertThatThrownBy(() -> Receiver.start(config().withPort(ingress.port()), ROUTES, producer(true)))
        .isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessageContaining("cannot bind the ingress");
  }

  private static ReceiverConfig config() {
    return new ReceiverConfig("127.0.0.1", 0, ReceiverConfig.DEFAULT_MAX_BODY_BYTES, 1, Duration.ofSeconds(10));
  }

  private static MockProducer<byte[], byte[]> producer(boolean autoComplete) {
    return new MockProducer<>(autoComplete, null, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private HttpRequest binaryPost(String path, String id) {
    return HttpRequest.newBuilder(uri(path))
        .header("ce-specversion", "1.0").header("ce-id", id).header("ce-source", "/test")
        .header("ce-type", "test.event").header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}"))
        .build();
  }

  private static HttpRequest binaryPost(int port, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("ce-specversion", "1.0").header("ce-id", "1").header("ce-source", "/test")
        .header("ce-type", "test.event")
        .POST(HttpRequest.BodyPublishers.ofString("x"))
        .build();
  }

  private HttpRequest post(String path, String contentType, String body) {
    return HttpRequest.newBuilder(uri(path)).header("content-type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + ingress.port() + path);
  }

  private static String structured(String id) {
    return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/test\",\"type\":\"test.event\"}";
  }
}
