package dev.kafkaeventing.it;

import static dev.kafkaeventing.it.IngressRecords.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.platform.PlatformConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad request to the ingress gets its status and a one-line reason, and writes nothing: after
 * each one a valid event is posted, and the topic must have grown by exactly that one record.
 */
class IngressRejectionTest {

  private static final String BROKER = "default";
  /** Small, so that the 413 case needs no megabyte uploads. */
  private static final int MAX_EVENT_BYTES = 4096;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static PlatformHarness platform;
  static String topic;
  static String url;

  @BeforeAll
  static void start() {
    PlatformConfig c = PlatformHarness.config();
    platform = PlatformHarness.start(new PlatformConfig(c.dataDir(), c.bootstrapServers(), c.bindHost(),
        c.ingressPort(), c.adminPort(), c.metricsPort(), c.kafkaPort(), c.kafkaControllerPort(),
        MAX_EVENT_BYTES, c.defaultTopicPartitions(), c.defaultReplicationFactor(),
        c.maxInFlightPerTrigger(), c.instanceName()));
    String namespace = PlatformHarness.uniqueNamespace();
    IngressRecords.applyReadyBroker(platform, namespace, BROKER);
    topic = IngressRecords.brokerTopic(namespace, BROKER);
    url = platform.brokerUrl(namespace, BROKER);
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  static Stream<Arguments> badEvents() {
    return Stream.of(
        binary("missing id", without("ce-id"), 400, "missing required attribute id"),
        binary("missing source", without("ce-source"), 400, "missing required attribute source"),
        binary("missing type", without("ce-type"), 400, "missing required attribute type"),
        binary("missing specversion", without("ce-specversion"), 400, "no ce-specversion header"),
        binary("unknown specversion", with("ce-specversion", "2.0"), 400, "unsupported specversion '2.0'"),
        binary("empty id", with("ce-id", ""), 400, "id"),
        binary("source not a URI", with("ce-source", "a%20b"), 400, "attribute source is not a valid URI-reference"),
        binary("time not RFC 3339", with("ce-time", "yesterday"), 400, "attribute time is not an RFC 3339 timestamp"),
        binary("bad percent-encoding", with("ce-subject", "100%"), 400, "invalid percent-encoding"),
        binary("upper-case extension name", with("ce-Bad_Name", "x"), 400, "invalid attribute name 'bad_name'"),
        structured("missing id", "{\"specversion\":\"1.0\",\"source\":\"/s\",\"type\":\"t\"}", 400,
            "missing required attribute id"),
        structured("missing source", "{\"specversion\":\"1.0\",\"id\":\"1\",\"type\":\"t\"}", 400,
            "missing required attribute source"),
        structured("missing type", "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\"}", 400,
            "missing required attribute type"),
        structured("missing specversion", "{\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\"}", 400,
            "specversion"),
        structured("malformed JSON", "{\"specversion\":\"1.0\",", 400, "malformed JSON"),
        structured("not an object", "[1, 2]", 400, "a structured event must be a JSON object"),
        structured("duplicate member",
            "{\"specversion\":\"1.0\",\"id\":\"1\",\"id\":\"2\",\"source\":\"/s\",\"type\":\"t\"}", 400, "id"),
        batch("one bad event", "[" + good("a") + "," + good("b") + ",{\"specversion\":\"1.0\",\"id\":\"c\"}]",
            400, "event 3 of the batch: missing required attribute"),
        batch("malformed JSON", "[" + good("a") + ",", 400, "malformed JSON"),
        batch("not an array", good("a"), 400, "a batch must be a JSON array of events"),
        batch("mixed specversions", "[" + good("a") + "," + good("b").replace("1.0", "0.3") + "]", 400,
            "event 2 of the batch: all events of a batch must share one specversion"),
        binary("CR/LF in an attribute", with("ce-subject", "a%0D%0AX-Forged:%20yes"), 400,
            "attribute subject must not contain control characters"),
        structured("CR/LF in datacontenttype",
            "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\","
                + "\"datacontenttype\":\"text/plain\\r\\nX-Forged: yes\",\"data\":\"hi\"}", 400,
            "attribute datacontenttype must not contain control characters"),
        batch("CR/LF in an extension", "[" + good("a") + "," + good("b").replace("}}", "},\"ext\":\"x\\ny\"}") + "]",
            400, "event 2 of the batch: attribute ext must not contain control characters"),
        Arguments.of("unsupported event format",
            Map.of("content-type", "application/cloudevents+avro"), utf8("x"), 400, "unsupported event format"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badEvents")
  void shouldAnswerWithStatusAndReasonAndWriteNothingWhenEventIsBad(
      String description, Map<String, String> headers, byte[] body, int status, String reason) {
    long before = KafkaFixture.totalEndOffset(topic);

    HttpResponse<String> response = PlatformHarness.post(url, headers, body);

    assertOneLineAnswer(response, status, reason);
    assertOnlySentinelWrittenSince(before);
  }

  @Test
  void shouldAnswer404AndWriteNothingWhenBrokerIsUnknown() {
    long before = KafkaFixture.totalEndOffset(topic);

    HttpResponse<String> response = PlatformHarness.post(url + "-unknown", validHeaders(), utf8("{}"));

    assertOneLineAnswer(response, 404, "no broker at ");
    assertOnlySentinelWrittenSince(before);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("otherMethods")
  void shouldAnswer405WithAllowPostWhenMethodIsNotPost(String method) throws Exception {
    long before = KafkaFixture.totalEndOffset(topic);
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .method(method, method.equals("GET") || method.equals("DELETE")
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"));
    validHeaders().forEach(request::header);

    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());

    assertOneLineAnswer(response, 405, "method not allowed");
    assertThat(response.headers().allValues("allow")).containsExactly("POST");
    assertOnlySentinelWrittenSince(before);
  }

  static Stream<String> otherMethods() {
    return Stream.of("GET", "PUT", "DELETE", "PATCH");
  }

  @Test
  void shouldAnswer413WhenAnnouncedBodyExceedsLimit() throws IOException {
    long before = KafkaFixture.totalEndOffset(topic);

    // Only the head is sent: the ingress must answer from Content-Length, before any body arrives.
    String answer = rawExchange("POST " + URI.create(url).getPath() + " HTTP/1.1\r\n"
        + "Host: localhost\r\nce-specversion: 1.0\r\nce-id: big\r\nce-source: /s\r\nce-type: t\r\n"
        + "Content-Length: " + (MAX_EVENT_BYTES + 1) + "\r\n\r\n");

    assertThat(answer).startsWith("HTTP/1.1 413 ");
    assertThat(answer).contains("request body exceeds " + MAX_EVENT_BYTES + " bytes");
    assertOnlySentinelWrittenSince(before);
  }

  @Test
  void shouldAnswer413WhenStreamedBodyExceedsLimit() throws IOException {
    long before = KafkaFixture.totalEndOffset(topic);
    String chunk = "x".repeat(MAX_EVENT_BYTES / 2);
    String chunked = Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n";

    // No last chunk: the ingress has read everything sent when it answers and closes.
    String answer = rawExchange("POST " + URI.create(url).getPath() + " HTTP/1.1\r\n"
        + "Host: localhost\r\nce-specversion: 1.0\r\nce-id: big\r\nce-source: /s\r\nce-type: t\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n" + chunked + chunked + chunked);

    assertThat(answer).startsWith("HTTP/1.1 413 ");
    assertOnlySentinelWrittenSince(before);
  }

  @Test
  void shouldAcceptEventWhenBodyIsAtLimit() {
    long before = KafkaFixture.totalEndOffset(topic);
    byte[] body = new byte[MAX_EVENT_BYTES];

    HttpResponse<String> response = PlatformHarness.post(url, validHeaders(), body);

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(KafkaFixture.totalEndOffset(topic)).isEqualTo(before + 1);
  }

  private static void assertOneLineAnswer(HttpResponse<String> response, int status, String reason) {
    assertThat(response.statusCode()).as("status; body: %s", response.body()).isEqualTo(status);
    assertThat(response.body()).contains(reason);
    assertThat(response.body().strip()).doesNotContain("\n").isNotEmpty();
  }

  /** Posts a valid event; the topic must hold exactly it more than {@code before}. */
  private static void assertOnlySentinelWrittenSince(long before) {
    HttpResponse<String> sentinel = PlatformHarness.post(url, validHeaders(), utf8("{}"));
    assertThat(sentinel.statusCode()).isEqualTo(202);
    assertThat(KafkaFixture.totalEndOffset(topic)).as("records written").isEqualTo(before + 1);
  }

  /** Writes {@code request} on a fresh connection and reads until the server closes it. */
  private static String rawExchange(String request) throws IOException {
    URI uri = URI.create(url);
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Map<String, String> validHeaders() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("ce-specversion", "1.0");
    headers.put("ce-id", UUID.randomUUID().toString());
    headers.put("ce-source", "/it/rejection");
    headers.put("ce-type", "dev.example.valid");
    headers.put("content-type", "application/json");
    return headers;
  }

  private static Map<String, String> without(String header) {
    Map<String, String> headers = validHeaders();
    headers.remove(header);
    return headers;
  }

  private static Map<String, String> with(String header, String value) {
    Map<String, String> headers = validHeaders();
    headers.put(header, value);
    return headers;
  }

  private static Arguments binary(String description, Map<String, String> headers, int status, String reason) {
    return Arguments.of("binary: " + description, headers, utf8("{}"), status, reason);
  }

  private static Arguments structured(String description, String body, int status, String reason) {
    return Arguments.of("structured: " + description, Map.of("content-type", "application/cloudevents+json"),
        utf8(body), status, reason);
  }

  private static Arguments batch(String description, String body, int status, String reason) {
    return Arguments.of("batch: " + description, Map.of("content-type", "application/cloudevents-batch+json"),
        utf8(body), status, reason);
  }

  private static String good(String id) {
    return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/s\",\"type\":\"t\",\"data\":{}}";
  }
}
