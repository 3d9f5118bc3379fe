package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkaeventing.core.tracing.Tracing;
import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.PlatformHarness.CliResult;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Reply;
import dev.kafkaeventing.platform.journal.EventJournalOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code kafka-eventing trace ID} end to end: an event to a Broker whose Trigger {@code a} delivers
 * and whose Trigger {@code b} fails into its dead letter sink; its path is shown, and found again
 * from the journal topic after a restart.
 */
class EventJournalTraceTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldShowAcceptedMatchesAttemptsAndDeadLetterWhenEventIsTracedBeforeAndAfterRestart() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    try (PlatformHarness platform = PlatformHarness.start(PlatformHarness.config(), Tracing.OFF,
        EventJournalOptions.ON);
        RecordingSubscriber ok = RecordingSubscriber.start();
        RecordingSubscriber failing = RecordingSubscriber.start().respondWith(r -> Reply.status(500));
        RecordingSubscriber deadLetters = RecordingSubscriber.start()) {
      platform.applyBrokerWithDeadLetteredTrigger(ns, "a", "journal.test", ok.url(),
          "b", "journal.test", failing.url(), deadLetters.url());

      assertThat(PlatformHarness.postEvent(platform.brokerUrl(ns, "default"), "journal-1", "journal.test", "{}")
          .statusCode()).isEqualTo(202);
      await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters.count() == 1 && ok.count() == 1);

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertPath(platform, ns, ok, failing, deadLetters));
      CliResult table = platform.cli("trace", "journal-1");
      assertThat(table.exitCode()).as(table.err()).isZero();
      assertThat(table.out()).contains("TIME", "HOP", "RESOURCE", "STATUS", "DETAIL", "accepted",
          "broker " + ns + "/default", "Trigger " + ns + "/a", "Trigger " + ns + "/b", "dead-letter");
      CliResult unknown = platform.cli("trace", "no-such-event");
      assertThat(unknown.exitCode()).isEqualTo(1);
      assertThat(unknown.err()).contains("no event with id no-such-event in the event journal");
      CliResult otherBroker = platform.cli("trace", "broker/other", "journal-1", "-n", ns);
      assertThat(otherBroker.exitCode()).isEqualTo(1);
      assertThat(otherBroker.err()).contains("was not accepted at broker " + ns + "/other",
          "accepted at: broker " + ns + "/default");
      assertThat(platform.cli("trace", "broker/default", "journal-1", "-n", ns).exitCode()).isZero();

      platform.restart();

      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertPath(platform, ns, ok, failing, deadLetters));
      long started = System.nanoTime();
      HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create(platform.adminUrl() + "/api/v1/events/journal-1")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    }
  }

  /** The path as {@code trace -o json} shows it: every hop, with statuses, in time order. */
  private static void assertPath(PlatformHarness platform, String ns, RecordingSubscriber ok,
      RecordingSubscriber failing, RecordingSubscriber deadLetters) throws Exception {
    CliResult result = platform.cli("trace", "journal-1", "-o", "json");
    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode steps = JSON.readTree(result.out()).path("steps");
    List<String> lines = new ArrayList<>();
    steps.forEach(step -> lines.add(step.path("hop").asText() + " " + step.path("resource").asText() + " "
        + step.path("status").asText()));
    assertThat(lines).containsExactlyInAnyOrder(
        "accepted broker " + ns + "/default 202",
        "matched Trigger " + ns + "/a ok",
        "matched Trigger " + ns + "/b ok",
        "attempt " + ok.url() + " 202",
        "attempt " + failing.url() + " 500",
        "attempt " + failing.url() + " 500",
        "dead-letter " + deadLetters.url() + " 202");
    assertThat(lines.get(0)).startsWith("accepted");
    assertThat(lines.get(lines.size() - 1)).startsWith("dead-letter");
    assertThat(steps.get(1).path("detail").asText()).startsWith("knative-broker-" + ns + "-default partition ");
  }
}
