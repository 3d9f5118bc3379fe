package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.PlatformHarness.CliResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** EventTypes auto-created from the (type, source) pairs accepted on Brokers and channels. */
class EventTypeRegistryTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldCreateOneEventTypePerPairWithCountsWhenEventsAreAccepted() throws Exception {
    try (PlatformHarness platform = PlatformHarness.start()) {
      String ns = PlatformHarness.uniqueNamespace();
      String off = PlatformHarness.uniqueNamespace();
      platform.apply("""
          apiVersion: eventing.knative.dev/v1
          kind: Broker
          metadata: {name: orders, namespace: %1$s}
          ---
          apiVersion: messaging.knative.dev/v1
          kind: InMemoryChannel
          metadata: {name: audit, namespace: %1$s}
          ---
          apiVersion: eventing.knative.dev/v1
          kind: Broker
          metadata: {name: quiet, namespace: %2$s}
          ---
          apiVersion: v1
          kind: ConfigMap
          metadata: {name: config-features, namespace: %2$s}
          data: {eventtype-auto-create: disabled}
          """.formatted(ns, off));
      platform.awaitReady("broker", ns, "orders");
      platform.awaitReady("inmemorychannel", ns, "audit");
      platform.awaitReady("broker", off, "quiet");

      send(platform, "broker/quiet", off, "order.created", "/shop");
      send(platform, "broker/orders", ns, "order.created", "/shop");
      send(platform, "broker/orders", ns, "order.created", "/shop");
      send(platform, "broker/orders", ns, "order.paid", "/shop");
      send(platform, "channel/audit", ns, "order.created", "/shop");

      await().atMost(Duration.ofSeconds(30)).until(() -> eventTypes(platform, ns).size() == 3
          && eventTypes(platform, ns).stream().mapToLong(e -> e.path("status").path("count").asLong()).sum() == 4);
      List<String> rows = new ArrayList<>();
      for (JsonNode eventType : eventTypes(platform, ns)) {
        JsonNode spec = eventType.path("spec");
        rows.add(spec.path("reference").path("kind").asText() + "/" + spec.path("reference").path("name").asText()
            + " " + spec.path("type").asText() + " " + spec.path("source").asText() + " "
            + eventType.path("status").path("count").asLong());
        assertThat(eventType.path("apiVersion").asText()).isEqualTo("eventing.knative.dev/v1beta2");
        assertThat(eventType.path("metadata").path("name").asText()).startsWith("et-");
        assertThat(eventType.path("status").path("lastSeen").asText()).isNotEmpty();
      }
      assertThat(rows).containsExactlyInAnyOrder("Broker/orders order.created /shop 2",
          "Broker/orders order.paid /shop 1", "InMemoryChannel/audit order.created /shop 1");
      assertThat(eventTypes(platform, off)).isEmpty();

      send(platform, "broker/orders", ns, "order.created", "/shop");
      await().atMost(Duration.ofSeconds(30)).until(() -> eventTypes(platform, ns).stream()
          .anyMatch(e -> e.path("status").path("count").asLong() == 3));
      assertThat(eventTypes(platform, ns)).hasSize(3);
      CliResult table = platform.cli("get", "eventtypes", "-n", ns);
      assertThat(table.out().lines().findFirst().orElseThrow().split("\\s{2,}"))
          .containsExactly("NAME", "TYPE", "SOURCE", "REFERENCE", "COUNT", "LAST SEEN", "AGE", "READY");
      assertThat(table.out()).contains("Broker/orders");
    }
  }

  @Test
  void shouldRefuseEventTypeWhenSpecHasUnknownFieldOrNoType() throws Exception {
    try (PlatformHarness platform = PlatformHarness.start()) {
      java.nio.file.Path file = java.nio.file.Files.createTempFile("et", ".yaml");
      java.nio.file.Files.writeString(file, """
          apiVersion: eventing.knative.dev/v1beta2
          kind: EventType
          metadata: {name: bad}
          spec:
            sourc: /x
          """);

      CliResult result = platform.cli("apply", "-f", file.toString());

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.err()).contains("spec.sourc").contains("spec.type");
    }
  }

  private static void send(PlatformHarness platform, String target, String ns, String type, String source) {
    CliResult result = platform.cli("send", target, "-n", ns, "--type", type, "--source", source);
    assertThat(result.exitCode()).as(result.err()).isZero();
  }

  private static List<JsonNode> eventTypes(PlatformHarness platform, String ns) throws Exception {
    CliResult result = platform.cli("get", "eventtypes", "-n", ns, "-o", "json");
    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode root = JSON.readTree(result.out());
    List<JsonNode> items = new ArrayList<>();
    (root.has("items") ? root.get("items") : JSON.createArrayNode()).forEach(items::add);
    if (!root.has("items") && root.has("kind")) {
      items.add(root);
    }
    return items;
  }
}
