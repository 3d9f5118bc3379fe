package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.PlatformHarness.CliResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code get}, {@code describe} and {@code delete} by name against a running platform, and {@code /readyz}. */
class CliGetTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static PlatformHarness platform;
  static String namespace;
  static String otherNamespace;

  @BeforeAll
  static void start() {
    platform = PlatformHarness.start();
    namespace = PlatformHarness.uniqueNamespace();
    otherNamespace = PlatformHarness.uniqueNamespace();
    platform.apply(broker(namespace, "alpha") + "---\n" + broker(namespace, "beta") + "---\n"
        + broker(otherNamespace, "gamma"));
    platform.awaitReady("broker", namespace, "alpha");
    platform.awaitReady("broker", namespace, "beta");
    platform.awaitReady("broker", otherNamespace, "gamma");
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  @Test
  void shouldPrintTableWithUrlAndReadinessWhenBrokersAreListed() {
    CliResult result = CliRunner.run(platform, "get", "brokers", "-n", namespace);

    assertThat(result.exitCode()).as(result.err()).isZero();
    List<String[]> rows = rows(result.out());
    assertThat(rows.get(0)).containsExactly("NAME", "URL", "AGE", "READY", "REASON");
    assertThat(rows).hasSize(3);
    assertThat(rows.get(1)).hasSize(4);
    assertThat(rows.get(1)[0]).isEqualTo("alpha");
    assertThat(rows.get(1)[1]).isEqualTo(platform.brokerUrl(namespace, "alpha"));
    assertThat(rows.get(1)[2]).matches("\\d+[smhd]");
    assertThat(rows.get(1)[3]).isEqualTo("True");
    assertThat(rows.get(2)[0]).isEqualTo("beta");
  }

  static Stream<String> brokerKindNames() {
    return Stream.of("broker", "brokers", "Broker", "BROKERS", "brokers.eventing.knative.dev");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokerKindNames")
  void shouldListBrokersWhenKindIsGivenByAnyOfItsNames(String kind) {
    CliResult result = CliRunner.run(platform, "get", kind, "-n", namespace);

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(rows(result.out())).extracting(row -> row[0]).containsExactly("NAME", "alpha", "beta");
  }

  @Test
  void shouldPrintStatusWithReadyConditionAndAddressWhenOneBrokerIsShownAsJson() throws Exception {
    CliResult result = CliRunner.run(platform, "get", "broker", "alpha", "-n", namespace, "-o", "json");

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode broker = JSON.readTree(result.out());
    assertBrokerWithStatus(broker, "alpha");
  }

  @Test
  void shouldPrintTheSameResourceWhenOneBrokerIsShownAsYaml() throws Exception {
    CliResult result = CliRunner.run(platform, "get", "broker", "alpha", "-n", namespace, "-o", "yaml");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).isNotBlank();
    JsonNode broker = YAML.readTree(result.out());
    assertBrokerWithStatus(broker, "alpha");
    String json = CliRunner.run(platform, "get", "broker", "alpha", "-n", namespace, "-o", "json").out();
    assertThat(broker).isEqualTo(JSON.readTree(json));
  }

  @Test
  void shouldPrintListWhenBrokersAreShownAsJson() throws Exception {
    CliResult result = CliRunner.run(platform, "get", "brokers", "-n", namespace, "-o", "json");

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode list = JSON.readTree(result.out());
    assertThat(list.path("kind").asText()).isEqualTo("List");
    assertThat(list.path("items")).extracting(item -> item.path("metadata").path("name").asText())
        .containsExactly("alpha", "beta");
  }

  @Test
  void shouldListEveryNamespaceWithNamespaceColumnWhenAllNamespacesIsGiven() {
    CliResult result = CliRunner.run(platform, "get", "brokers", "-A");

    assertThat(result.exitCode()).as(result.err()).isZero();
    List<String[]> rows = rows(result.out());
    assertThat(rows.get(0)).containsExactly("NAMESPACE", "NAME", "URL", "AGE", "READY", "REASON");
    assertThat(rows).extracting(row -> row[0] + "/" + row[1])
        .contains(namespace + "/alpha", namespace + "/beta", otherNamespace + "/gamma");
  }

  @Test
  void shouldSayNoResourcesWhenNamespaceHasNone() {
    String empty = PlatformHarness.uniqueNamespace();

    CliResult result = CliRunner.run(platform, "get", "brokers", "-n", empty);

    assertThat(result.exitCode()).isZero();
    assertThat(result.out().strip()).isEqualTo("No resources found in " + empty + " namespace.");
  }

  @Test
  void shouldFailWithMessageWhenBrokerDoesNotExist() {
    CliResult result = CliRunner.run(platform, "get", "broker", "missing", "-n", namespace);

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.err()).contains("brokers \"missing\" not found in namespace \"" + namespace + "\"");
  }

  @Test
  void shouldFailWithKnownKindsWhenKindIsUnknown() {
    CliResult result = CliRunner.run(platform, "get", "brokerz", "-n", namespace);

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.err()).contains("unknown resource kind 'brokerz'").contains("eventing.knative.dev/v1 Broker");
  }

  @Test
  void shouldShowAddressConditionsAndTopicWhenBrokerIsDescribed() {
    CliResult result = CliRunner.run(platform, "describe", "broker", "beta", "-n", namespace);

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("Name:         beta")
        .contains("Namespace:    " + namespace)
        .contains("Kind:         Broker (eventing.knative.dev/v1)")
        .contains("Address:      " + platform.brokerUrl(namespace, "beta"))
        .containsPattern("(?m)^  Ready +True")
        .contains("topic: " + IngressRecords.brokerTopic(namespace, "beta"))
        .contains("partitions: " + platform.platformConfig().defaultTopicPartitions());
    assertThat(result.out().lines()).noneMatch(line -> line.endsWith(" "));
  }

  @Test
  void shouldDeleteBrokerAndItsTopicWhenDeletedByName() {
    String ns = PlatformHarness.uniqueNamespace();
    platform.apply(broker(ns, "doomed"));
    platform.awaitReady("broker", ns, "doomed");
    String topic = IngressRecords.brokerTopic(ns, "doomed");

    CliResult result = CliRunner.run(platform, "delete", "broker", "doomed", "-n", ns);

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out().strip()).isEqualTo("broker.eventing.knative.dev/doomed deleted");
    assertThat(CliRunner.run(platform, "get", "broker", "doomed", "-n", ns).exitCode()).isNotZero();
    await().atMost(KafkaFixture.TIMEOUT).until(() -> !topicExists(topic));
    assertThat(PlatformHarness.postEvent(platform.brokerUrl(ns, "doomed"), "1", "t", "{}").statusCode()).isEqualTo(404);
  }

  @Test
  void shouldFailWhenDeletedBrokerDoesNotExist() {
    CliResult result = CliRunner.run(platform, "delete", "broker", "missing", "-n", namespace);

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.err()).contains("brokers \"missing\" not found");
  }

  @Test
  void shouldAnswerReadyzWith200WhenPlatformIsReady() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(platform.adminUrl() + "/readyz")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body().strip()).isEqualTo("ok");
  }

  private static void assertBrokerWithStatus(JsonNode broker, String name) {
    assertThat(broker.path("apiVersion").asText()).isEqualTo("eventing.knative.dev/v1");
    assertThat(broker.path("kind").asText()).isEqualTo("Broker");
    assertThat(broker.path("metadata").path("name").asText()).isEqualTo(name);
    assertThat(broker.path("metadata").path("namespace").asText()).isEqualTo(namespace);
    assertThat(broker.path("status").path("address").path("url").asText())
        .isEqualTo(platform.brokerUrl(namespace, name));
    assertThat(broker.path("status").path("conditions"))
        .filteredOn(c -> c.path("type").asText().equals("Ready"))
        .singleElement()
        .satisfies(c -> assertThat(c.path("status").asText()).isEqualTo("True"));
  }

  static boolean topicExists(String topic) throws Exception {
    return KafkaFixture.admin().listTopics().names().get().contains(topic);
  }

  static String broker(String ns, String name) {
    return """
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata:
          name: %s
          namespace: %s
        """.formatted(name, ns);
  }

  /** Table lines split on runs of spaces (no cell of these tables holds a space). */
  private static List<String[]> rows(String table) {
    return table.lines().filter(line -> !line.isBlank()).map(line -> line.trim().split(" {2,}")).toList();
  }
}
