package dev.kafkaeventing.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaeventing.crds.BackoffPolicy;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The exact bytes of a delivery request on the wire: binary mode must not change by a byte. */
class DeliveryWireFormatTest {

  private static final CloudEvent EVENT = CloudEventBuilder.v1()
      .withId("evt 1")
      .withSource(URI.create("/test/source"))
      .withType("dev.kafkaeventing.test")
      .withDataSchema(URI.create("https://schemas.example/x"))
      .withSubject("caf\u00e9 \"x\" 100%")
      .withTime(OffsetDateTime.parse("2024-05-01T10:15:30.120Z"))
      .withExtension("zext", "last")
      .withExtension("count", 7)
      .withExtension("aext", "first")
      .withExtension("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
      .withExtension("tracestate", "k=v")
      .withData("application/json", "{\"n\":1}".getBytes(StandardCharsets.UTF_8))
      .build();

  @Test
  void shouldWriteTheSameRequestBytesForEveryAttemptWhenDeliveringABinaryModeEvent() throws Exception {
    List<String> heads = new CopyOnWriteArrayList<>();
    try (RawHttpServer server = new RawHttpServer((index, socket, connection) -> {
      String request;
      while ((request = connection.readRequest()) != null) {
        heads.add(request);
        connection.write(heads.size() == 1 ? "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n"
            : "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n");
      }
    });
        HttpClient client = HttpClient.create(new HttpClientConfig(1, 4, Duration.ofSeconds(2), 1 << 20))) {
      URI uri = server.uri("/sub/path?q=1");
      DeliveryPolicy oneRetry = new DeliveryPolicy(1, BackoffPolicy.LINEAR, Duration.ZERO, Duration.ofSeconds(5),
          null, null);
      DeliveryTarget target = new DeliveryTarget(uri, Map.of("Kn-Namespace", "ns-1"), oneRetry, null);

      DeliveryOutcome outcome = new DeliveryEngine(client).deliver(EVENT, target, null).get(5, TimeUnit.SECONDS);

      assertThat(outcome.result()).isEqualTo(DeliveryOutcome.Result.DELIVERED);
      assertThat(outcome.attempts()).isEqualTo(2);
      assertThat(heads).hasSize(2).allSatisfy(head -> assertThat(head).isEqualTo(expectedHead(uri.getPort())));
    }
  }

  @Test
  void shouldLetTheEventsHeaderReplaceTheTargetsWhenBothNameOneHeader() throws Exception {
    CloudEvent plain = CloudEventBuilder.v1().withId("evt-2").withSource(URI.create("/s")).withType("t").build();

    List<String> heads = deliver(plain, Map.of("CE-ID", "not the event's"));

    assertThat(heads).containsExactly("POST /sub/path?q=1 HTTP/1.1\r\n"
        + "Prefer: reply\r\n"
        + "ce-specversion: 1.0\r\n"
        + "ce-id: evt-2\r\n"
        + "ce-source: /s\r\n"
        + "ce-type: t\r\n"
        + "host: 127.0.0.1:" + port + "\r\n"
        + "content-length: 0\r\n"
        + "\r\n");
  }

  @Test
  void shouldLeaveOutTheTargetsContentTypeWhenTheEventHasNone() throws Exception {
    CloudEvent plain = CloudEventBuilder.v1().withId("evt-3").withSource(URI.create("/s")).withType("t").build();

    List<String> heads = deliver(plain, Map.of("Content-Type", "text/plain"));

    assertThat(heads).containsExactly("POST /sub/path?q=1 HTTP/1.1\r\n"
        + "Prefer: reply\r\n"
        + "ce-specversion: 1.0\r\n"
        + "ce-id: evt-3\r\n"
        + "ce-source: /s\r\n"
        + "ce-type: t\r\n"
        + "host: 127.0.0.1:" + port + "\r\n"
        + "content-length: 0\r\n"
        + "\r\n");
  }

  private int port;

  /** The request heads a subscriber answering 202 receives for one delivery of {@code event}. */
  private List<String> deliver(CloudEvent event, Map<String, String> targetHeaders) throws Exception {
    List<String> heads = new CopyOnWriteArrayList<>();
    try (RawHttpServer server = new RawHttpServer((index, socket, connection) -> {
      String request;
      while ((request = connection.readRequest()) != null) {
        heads.add(request);
        connection.write("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n");
      }
    });
        HttpClient client = HttpClient.create(new HttpClientConfig(1, 4, Duration.ofSeconds(2), 1 << 20))) {
      URI uri = server.uri("/sub/path?q=1");
      port = uri.getPort();
      DeliveryTarget target = new DeliveryTarget(uri, targetHeaders, DeliveryPolicy.noRetries(Duration.ofSeconds(5)),
          null);

      DeliveryOutcome outcome = new DeliveryEngine(client).deliver(event, target, null).get(5, TimeUnit.SECONDS);

      assertThat(outcome.result()).isEqualTo(DeliveryOutcome.Result.DELIVERED);
      return List.copyOf(heads);
    }
  }

  private static String expectedHead(int port) {
    return "POST /sub/path?q=1 HTTP/1.1\r\n"
        + "Kn-Namespace: ns-1\r\n"
        + "Prefer: reply\r\n"
        + "ce-specversion: 1.0\r\n"
        + "ce-id: evt%201\r\n"
        + "ce-source: /test/source\r\n"
        + "ce-type: dev.kafkaeventing.test\r\n"
        + "ce-dataschema: https://schemas.example/x\r\n"
        + "ce-subject: caf%C3%A9%20%22x%22%20100%25\r\n"
        + "ce-time: 2024-05-01T10:15:30.12Z\r\n"
        + "ce-aext: first\r\n"
        + "ce-count: 7\r\n"
        + "ce-traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\r\n"
        + "ce-tracestate: k=v\r\n"
        + "ce-zext: last\r\n"
        + "traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\r\n"
        + "tracestate: k=v\r\n"
        + "content-type: application/json\r\n"
        + "host: 127.0.0.1:" + port + "\r\n"
        + "content-length: 7\r\n"
        + "\r\n";
  }
}
