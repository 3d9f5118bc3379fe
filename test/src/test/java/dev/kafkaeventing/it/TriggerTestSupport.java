package dev.kafkaeventing.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Received;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Helpers shared by the Trigger, redelivery and crash-safety tests: binary-mode events, payloads,
 * reply events and views of what a {@link RecordingSubscriber} received. Stateless.
 */
final class TriggerTestSupport {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private TriggerTestSupport() {}

  /**
   * A Trigger's delivery counters as the admin API's describe shows them ({@code delivered},
   * {@code retried}, {@code deadLettered}, {@code failed}, {@code pending}); missing before the
   * Trigger is routed.
   */
  static JsonNode counters(PlatformHarness platform, String namespace, String trigger) {
    URI uri = URI.create(platform.adminUrl() + "/api/v1/describe/trigger/" + namespace + "/" + trigger);
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(response.body()).path("details").path("counters");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The {@code ce-} headers of a binary-mode event with source {@code /it} and JSON data. */
  static Map<String, String> binaryHeaders(String id, String type) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("ce-specversion", "1.0");
    headers.put("ce-id", id);
    headers.put("ce-source", "/it");
    headers.put("ce-type", type);
    headers.put("content-type", "application/json");
    return headers;
  }

  /** POSTs a binary-mode event; fails unless the ingress answers 202. */
  static void send(String url, Map<String, String> headers, byte[] data) {
    HttpResponse<String> response = PlatformHarness.post(url, headers, data);
    if (response.statusCode() != 202) {
      throw new AssertionError("ingress answered " + response.statusCode() + ": " + response.body());
    }
  }

  /** POSTs a binary-mode event with JSON data {@code {"n":"<id>"}}; fails unless accepted. */
  static void send(String url, String id, String type) {
    send(url, binaryHeaders(id, type), ("{\"n\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
  }

  /** A JSON document of exactly {@code bytes} bytes with content that depends on {@code seed}. */
  static byte[] jsonPayload(int bytes, long seed) {
    Random random = new Random(seed);
    String prefix = "{\"pad\":\"";
    String suffix = "\"}";
    StringBuilder json = new StringBuilder(prefix);
    while (json.length() < bytes - suffix.length()) {
      json.append((char) ('a' + random.nextInt(26)));
    }
    return json.append(suffix).toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** A 200 response carrying a binary-mode reply event. */
  static RecordingSubscriber.Reply replyEvent(String id, String type, byte[] data) {
    return new RecordingSubscriber.Reply(200, Map.of(
        "ce-specversion", "1.0", "ce-id", id, "ce-source", "/it/replier", "ce-type", type,
        "content-type", "application/json"), data);
  }

  /** The requests a subscriber received for the event {@code id}, in arrival order. */
  static List<Received> requestsFor(RecordingSubscriber subscriber, String id) {
    return subscriber.received().stream().filter(r -> id.equals(r.id())).toList();
  }

  /** The ids a subscriber received, in arrival order, with repetitions. */
  static List<String> ids(RecordingSubscriber subscriber) {
    return subscriber.received().stream().map(Received::id).toList();
  }

  /** Decodes a {@code ce-} header value as the CloudEvents HTTP binding encodes it. */
  static String percentDecode(String value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '%' && i + 2 < bytes.length) {
        out.write(Integer.parseInt(new String(bytes, i + 1, 2, StandardCharsets.US_ASCII), 16));
        i += 2;
      } else {
        out.write(bytes[i]);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** A loopback port nothing listens on (it was free a moment ago). */
  static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The gaps between consecutive requests, in milliseconds. */
  static long[] gapsMillis(List<Received> requests) {
    long[] gaps = new long[Math.max(0, requests.size() - 1)];
    for (int i = 1; i < requests.size(); i++) {
      gaps[i - 1] = (requests.get(i).receivedAtNanos() - requests.get(i - 1).receivedAtNanos()) / 1_000_000;
    }
    return gaps;
  }
}
