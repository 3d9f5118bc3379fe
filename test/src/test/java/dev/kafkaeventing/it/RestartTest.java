package dev.kafkaeventing.it;

import static dev.kafkaeventing.it.IngressRecords.headers;
import static dev.kafkaeventing.it.IngressRecords.readTopic;
import static dev.kafkaeventing.it.IngressRecords.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkaeventing.it.harness.PlatformHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A platform stopped cleanly and started again on the same data directory and resource topic keeps
 * its Brokers (Ready, at the new ingress address) and every event they accepted.
 */
class RestartTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  PlatformHarness platform;

  @BeforeEach
  void start() {
    platform = PlatformHarness.start();
  }

  @AfterEach
  void stop() {
    platform.close();
  }

  @Test
  void shouldKeepBrokerReadyAndItsEventsWhenPlatformRestartsOnSameData() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    IngressRecords.applyReadyBroker(platform, ns, "durable");
    String topic = IngressRecords.brokerTopic(ns, "durable");
    String before = platform.brokerUrl(ns, "durable");
    assertThat(PlatformHarness.postEvent(before, "before-1", "t", "{\"n\":1}").statusCode()).isEqualTo(202);
    assertThat(PlatformHarness.post(before, Map.of("content-type", "application/cloudevents-batch+json"), utf8("""
        [{"specversion":"1.0","id":"before-2","source":"/it","type":"t","data":{"n":2}},
         {"specversion":"1.0","id":"before-3","source":"/it","type":"t","data":{"n":3}}]""")).statusCode())
        .isEqualTo(202);
    JsonNode stored = brokerJson(ns, "durable");

    platform.restart();

    assertThat(readyzStatus()).isEqualTo(200);
    assertThat(readyCondition(ns, "durable").path("status").asText()).isEqualTo("True");
    assertThat(brokerJson(ns, "durable").path("metadata")).isEqualTo(stored.path("metadata"));
    assertThat(brokerJson(ns, "durable").path("spec")).isEqualTo(stored.path("spec"));
    String after = platform.brokerUrl(ns, "durable");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(brokerJson(ns, "durable").path("status").path("address").path("url").asText()).isEqualTo(after));
    assertThat(PlatformHarness.postEvent(after, "after-1", "t", "{\"n\":4}").statusCode()).isEqualTo(202);
    assertThat(readTopic(topic)).extracting(r -> headers(r).get("ce_id"))
        .containsExactlyInAnyOrder("before-1", "before-2", "before-3", "after-1");
  }

  private int readyzStatus() throws Exception {
    return HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(platform.adminUrl() + "/readyz")).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private JsonNode readyCondition(String ns, String name) throws Exception {
    for (JsonNode condition : brokerJson(ns, name).path("status").path("conditions")) {
      if (condition.path("type").asText().equals("Ready")) {
        return condition;
      }
    }
    throw new AssertionError("no Ready condition on broker " + ns + "/" + name);
  }

  private JsonNode brokerJson(String ns, String name) throws Exception {
    PlatformHarness.CliResult result = CliRunner.run(platform, "get", "broker", name, "-n", ns, "-o", "json");
    assertThat(result.exitCode()).as(result.err()).isZero();
    return JSON.readTree(result.out());
  }
}
