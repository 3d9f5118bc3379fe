package dev.kafkaeventing.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Received;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * Helpers of the channel, Subscription, Sequence and Parallel tests: replies that transform the
 * received event (binary mode, as Knative's sample steps do), reading JSON data and resources.
 * Stateless.
 */
final class ChannelTestSupport {

  static final ObjectMapper JSON = new ObjectMapper();

  private ChannelTestSupport() {}

  /** The request's body as a JSON object. */
  static ObjectNode data(Received request) {
    try {
      return (ObjectNode) JSON.readTree(request.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Replies with the received event itself (same attributes, type {@code type} when not null) and
   * the data {@code change} makes of it: what a Sequence step or a transformer does.
   */
  static Reply replyWith(Received request, String type, UnaryOperator<ObjectNode> change) {
    Map<String, String> headers = new LinkedHashMap<>();
    request.headers().forEach((name, value) -> {
      if (name.startsWith("ce-")) {
        headers.put(name, value);
      }
    });
    if (type != null) {
      headers.put("ce-type", type);
    }
    headers.put("content-type", "application/json");
    byte[] body = change.apply(data(request)).toString().getBytes(StandardCharsets.UTF_8);
    return new Reply(200, headers, body);
  }

  /** A step that appends {@code mark} to the {@code trail} field of the data. */
  static RecordingSubscriber appender(String mark) {
    return RecordingSubscriber.start().respondWith(r -> replyWith(r, null,
        d -> d.put("trail", d.path("trail").asText("") + mark)));
  }

  /** A binary-mode event with JSON data {@code {"n": n}}. */
  static int postNumber(String url, String id, int n) {
    return PlatformHarness.postEvent(url, id, "number", "{\"n\":" + n + "}").statusCode();
  }

  /** {@code get KIND NAME -n NS -o json}, parsed; null when it does not exist. */
  static JsonNode get(PlatformHarness platform, String kind, String namespace, String name) {
    PlatformHarness.CliResult result = platform.cli("get", kind, name, "-n", namespace, "-o", "json");
    if (result.exitCode() != 0) {
      return null;
    }
    try {
      return JSON.readTree(result.out());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** POSTs numbers from a background thread; {@link #finish} waits for it and returns the status codes. */
  static final class Publisher extends Thread {
    final List<Integer> statuses = new CopyOnWriteArrayList<>();
    private final String url;
    private final int count;
    private final String prefix;

    Publisher(String url, String prefix, int count) {
      this.url = url;
      this.prefix = prefix;
      this.count = count;
    }

    @Override
    public void run() {
      for (int i = 0; i < count; i++) {
        statuses.add(ChannelTestSupport.postNumber(url, prefix + i, i));
      }
    }

    List<Integer> finish() throws InterruptedException {
      join(Duration.ofSeconds(120).toMillis());
      return statuses;
    }
  }
}
