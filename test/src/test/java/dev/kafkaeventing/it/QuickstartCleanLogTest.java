package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.harness.PlatformProcess;
import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README quickstart (Broker, Trigger, an event published in structured mode and delivered),
 * then a channel with a Subscription and a Sequence, on a platform in a child JVM whose log must
 * hold no ERROR or WARN line: normal operation is quiet.
 */
class QuickstartCleanLogTest {

  private static final Pattern LEVEL = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (ERROR|WARN) ");

  @Test
  void shouldLogNoErrorOrWarningWhenQuickstartBrokerChannelAndSequenceRun() throws Exception {
    Path dir = Files.createTempDirectory("kafka-eventing-quickstart");
    String ns = PlatformHarness.uniqueNamespace();
    try (PlatformProcess platform = PlatformProcess.builder(dir.resolve("data"),
            "qs-" + UUID.randomUUID().toString().substring(0, 8))
            // The platform's own logging configuration, not the tests'.
            .jvmOptions(List.of("-Xmx512m", "-Dlogback.configurationFile=logback.xml"))
            .logs(dir, "quickstart")
            .start();
        RecordingSubscriber hello = RecordingSubscriber.start();
        RecordingSubscriber channelSubscriber = RecordingSubscriber.start();
        RecordingSubscriber first = ChannelTestSupport.appender("a");
        RecordingSubscriber second = ChannelTestSupport.appender("b");
        RecordingSubscriber end = RecordingSubscriber.start()) {
      platform.awaitReady(Duration.ofSeconds(120));

      platform.admin().apply(quickstart(ns, hello.url()));
      await().atMost(Duration.ofSeconds(60))
          .until(() -> platform.admin().isResourceReady("trigger", ns, "hello"));
      String structured = "{\"specversion\":\"1.0\",\"id\":\"2\",\"source\":\"/curl\","
          + "\"type\":\"greeting\",\"data\":{\"msg\":\"hi\"}}";
      assertThat(PlatformHarness.post(platform.ingressUrl() + "/" + ns + "/default",
          Map.of("content-type", "application/cloudevents+json"),
          structured.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(202);
      await().atMost(Duration.ofSeconds(60)).until(() -> hello.count() == 1);

      String flows = channelAndSequence(ns, channelSubscriber.url(), first.url(), second.url(), end.url());
      platform.admin().apply(flows);
      await().atMost(Duration.ofSeconds(90)).until(() ->
          platform.admin().isResourceReady("subscription", ns, "events-sub")
              && platform.admin().isResourceReady("sequence", ns, "seq"));
      assertThat(PlatformHarness.postEvent(platform.ingressUrl() + "/channels/" + ns + "/events",
          "c1", "it.channel", "{}").statusCode()).isEqualTo(202);
      await().atMost(Duration.ofSeconds(60)).until(() -> channelSubscriber.count() == 1);
      assertThat(ChannelTestSupport.postNumber(platform.ingressUrl() + "/channels/" + ns
          + "/seq-kn-sequence-0", "s1", 1)).isEqualTo(202);
      await().atMost(Duration.ofSeconds(60)).until(() -> end.count() == 1);
      platform.admin().delete(flows);
      await().atMost(Duration.ofSeconds(60))
          .until(() -> platform.admin().list("subscription", ns).isEmpty()
              && platform.admin().list("kafkachannel", ns).isEmpty());

      assertThat(hello.received().get(0).header("content-type")).isEqualTo("application/json");
      platform.terminate();
      List<String> noisy = Files.readAllLines(dir.resolve("quickstart-1.log")).stream()
          .filter(line -> LEVEL.matcher(line).find())
          .toList();
      assertThat(noisy).as("ERROR and WARN lines in the platform log").isEmpty();
    }
  }

  private static String quickstart(String ns, String subscriber) {
    return """
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata:
          name: default
          namespace: %1$s
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata:
          name: hello
          namespace: %1$s
        spec:
          broker: default
          filter:
            attributes:
              type: greeting
          subscriber:
            uri: %2$s
        """.formatted(ns, subscriber);
  }

  private static String channelAndSequence(String ns, String subscriber, String first, String second,
      String end) {
    return """
        apiVersion: messaging.knative.dev/v1
        kind: Channel
        metadata:
          name: events
          namespace: %1$s
        ---
        apiVersion: messaging.knative.dev/v1
        kind: Subscription
        metadata:
          name: events-sub
          namespace: %1$s
        spec:
          channel:
            apiVersion: messaging.knative.dev/v1
            kind: Channel
            name: events
          subscriber:
            uri: %2$s
        ---
        apiVersion: flows.knative.dev/v1
        kind: Sequence
        metadata:
          name: seq
          namespace: %1$s
        spec:
          channelTemplate:
            apiVersion: messaging.knative.dev/v1beta1
            kind: KafkaChannel
          steps:
            - uri: %3$s
            - uri: %4$s
          reply:
            uri: %5$s
        """.formatted(ns, subscriber, first, second, end);
  }
}
