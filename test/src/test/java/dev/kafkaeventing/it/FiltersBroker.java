package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One Broker (in a fresh namespace) with many Triggers, each delivering to its own
 * {@link RecordingSubscriber}, plus a Trigger without a filter that receives every event. Events
 * are sent once; {@link #awaitSettled} waits until the broker has filtered all of them for every
 * Trigger and finished every delivery, so what each subscriber got is final and can be compared
 * with what it should have got (including what it must not get).
 *
 * <p>Used by one test thread; closes its subscribers.
 */
final class FiltersBroker implements AutoCloseable {

  static final String BROKER = "default";
  private static final String CATCH_ALL = "every-event";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern PENDING =
      Pattern.compile("^kafka_eventing_trigger_pending\\{namespace=\"([^\"]+)\",trigger=\"([^\"]+)\"} (\\d+)(?:\\.0)?$",
          Pattern.MULTILINE);
  private static final Pattern EVALUATION_ERRORS =
      Pattern.compile("^kafka_eventing_filter_evaluation_errors_total\\{[^}]*} (\\d+)(?:\\.0)?$", Pattern.MULTILINE);

  private final PlatformHarness platform;
  private final String namespace = PlatformHarness.uniqueNamespace();
  private final Map<String, RecordingSubscriber> subscribers = new LinkedHashMap<>();
  private final List<String> sentIds = new ArrayList<>();

  private FiltersBroker(PlatformHarness platform) {
    this.platform = platform;
  }

  /**
   * Applies a Broker and one Trigger per entry (name to the YAML of its {@code filter} /
   * {@code filters} fields, as written under {@code spec}) and waits until all are Ready.
   */
  static FiltersBroker start(PlatformHarness platform, Map<String, String> filtersByTrigger) {
    FiltersBroker broker = new FiltersBroker(platform);
    Map<String, String> triggers = new LinkedHashMap<>(filtersByTrigger);
    triggers.put(CATCH_ALL, "");
    StringBuilder yaml = new StringBuilder("""
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: {name: %s, namespace: %s}
        """.formatted(BROKER, broker.namespace));
    triggers.forEach((name, filters) -> {
      RecordingSubscriber subscriber = RecordingSubscriber.start();
      broker.subscribers.put(name, subscriber);
      yaml.append("---\n").append(triggerYaml(broker.namespace, name, subscriber.url(), filters));
    });
    platform.apply(yaml.toString());
    triggers.keySet().forEach(name -> platform.awaitReady("trigger", broker.namespace, name));
    return broker;
  }

  static String triggerYaml(String namespace, String name, String subscriberUrl, String filters) {
    return """
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: {name: %s, namespace: %s}
        spec:
          broker: %s
          subscriber: {uri: "%s"}
        %s""".formatted(name, namespace, BROKER, subscriberUrl, filters.stripIndent().indent(2));
  }

  String namespace() {
    return namespace;
  }

  /** Sends the events in order, each in binary mode unless it says otherwise; each must be accepted. */
  void send(List<TestEvent> events) {
    for (TestEvent event : events) {
      HttpResponse<String> response = PlatformHarness.post(
          platform.brokerUrl(namespace, BROKER), event.headers(), event.body());
      assertThat(response.statusCode()).as("ingress status for %s", event.id()).isEqualTo(202);
      sentIds.add(event.id());
    }
  }

  /**
   * Waits until the Trigger without a filter got every sent event (so each was matched against
   * every Trigger: the broker matches an event against all Triggers at once) and no Trigger of the
   * namespace has an event queued or in flight.
   */
  void awaitSettled() {
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      assertThat(idsReceivedBy(CATCH_ALL)).containsExactlyInAnyOrderElementsOf(sentIds);
      Map<String, Long> pending = pendingByTrigger();
      assertThat(pending).containsOnlyKeys(subscribers.keySet());
      assertThat(pending.values()).allMatch(count -> count == 0);
    });
  }

  /** The ids a Trigger's subscriber received, sorted; duplicates would show as a size mismatch. */
  Set<String> idsReceivedBy(String trigger) {
    List<String> ids = subscribers.get(trigger).received().stream().map(RecordingSubscriber.Received::id).toList();
    Set<String> unique = new TreeSet<>(ids);
    assertThat(ids).as("deliveries to %s (no duplicates)", trigger).hasSameSizeAs(unique);
    return unique;
  }

  List<RecordingSubscriber.Received> receivedBy(String trigger) {
    return subscribers.get(trigger).received();
  }

  private Map<String, Long> pendingByTrigger() {
    Map<String, Long> pending = new LinkedHashMap<>();
    Matcher line = PENDING.matcher(metrics(platform));
    while (line.find()) {
      if (line.group(1).equals(namespace)) {
        pending.put(line.group(2), Long.parseLong(line.group(3)));
      }
    }
    return pending;
  }

  /** {@code kafka_eventing_filter_evaluation_errors_total} of every route, as the platform reports it. */
  static long evaluationErrors(PlatformHarness platform) {
    Matcher line = EVALUATION_ERRORS.matcher(metrics(platform));
    long sum = 0;
    while (line.find()) {
      sum += Long.parseLong(line.group(1));
    }
    return sum;
  }

  static String metrics(PlatformHarness platform) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(platform.metricsUrl() + "/metrics"))
        .timeout(Duration.ofSeconds(10)).build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    subscribers.values().forEach(RecordingSubscriber::close);
  }

  /**
   * A CloudEvent to send: source, type, id, extensions and optional data. Sent in binary mode, or
   * in structured mode ({@code application/cloudevents+json}) when {@code structured}.
   */
  record TestEvent(String id, String type, String source, Map<String, String> extensions,
      String dataContentType, String data, boolean structured) {

    TestEvent {
      extensions = Map.copyOf(extensions);
    }

    static TestEvent of(String id, String type) {
      return new TestEvent(id, type, "/it", Map.of(), null, null, false);
    }

    TestEvent source(String newSource) {
      return new TestEvent(id, type, newSource, extensions, dataContentType, data, structured);
    }

    TestEvent extension(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(extensions);
      more.put(name, value);
      return new TestEvent(id, type, source, more, dataContentType, data, structured);
    }

    TestEvent data(String contentType, String body) {
      return new TestEvent(id, type, source, extensions, contentType, body, structured);
    }

    TestEvent structuredMode() {
      return new TestEvent(id, type, source, extensions, dataContentType, data, true);
    }

    String extension(String name) {
      return extensions.get(name);
    }

    Map<String, String> headers() {
      if (structured) {
        return Map.of("content-type", "application/cloudevents+json");
      }
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("ce-specversion", "1.0");
      headers.put("ce-id", id);
      headers.put("ce-source", source);
      headers.put("ce-type", type);
      extensions.forEach((name, value) -> headers.put("ce-" + name, value));
      if (dataContentType != null) {
        headers.put("content-type", dataContentType);
      }
      return headers;
    }

    byte[] body() {
      if (!structured) {
        return data == null ? new byte[0] : data.getBytes(StandardCharsets.UTF_8);
      }
      Map<String, String> attributes = new LinkedHashMap<>();
      attributes.put("specversion", "1.0");
      attributes.put("id", id);
      attributes.put("source", source);
      attributes.put("type", type);
      attributes.putAll(extensions);
      if (dataContentType != null) {
        attributes.put("datacontenttype", dataContentType);
      }
      String json = attributes.entrySet().stream()
          .map(e -> quote(e.getKey()) + ":" + quote(e.getValue()))
          .collect(Collectors.joining(",", "{", data == null ? "}" : ",\"data\":" + data + "}"));
      return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String text) {
      return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
  }
}
