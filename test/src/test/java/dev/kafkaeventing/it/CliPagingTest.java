package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.PlatformHarness.CliResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long lists: the admin API pages them ({@code limit}, {@code continue}, {@code metadata.continue}),
 * {@code get} follows the pages, and {@code delete -f} of many resources is one batched call.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliPagingTest {

  private static final int COUNT = 1_200;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  static PlatformHarness platform;
  static String namespace;
  static Path file;
  static List<String> names;

  @BeforeAll
  static void start(@TempDir Path dir) throws IOException {
    platform = PlatformHarness.start();
    namespace = PlatformHarness.uniqueNamespace();
    names = IntStream.range(0, COUNT).mapToObj(i -> "cm-%05d".formatted(i)).toList();
    StringBuilder yaml = new StringBuilder();
    for (String name : names) {
      yaml.append("""
          apiVersion: v1
          kind: ConfigMap
          metadata: {name: %s, namespace: %s}
          data: {k: v}
          ---
          """.formatted(name, namespace));
    }
    file = dir.resolve("many.yaml");
    Files.writeString(file, yaml);
    CliResult applied = CliRunner.run(platform, "apply", "-f", file.toString());
    assertThat(applied.exitCode()).as(applied.err()).isZero();
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  @Test
  @Order(1)
  void shouldListEveryResourceWhenTheListSpansSeveralPages() throws Exception {
    CliResult result = CliRunner.run(platform, "get", "configmaps", "-n", namespace, "-o", "json");
    CliResult smallPages = CliRunner.run(platform, "get", "configmaps", "-n", namespace, "--chunk-size", "250");

    assertThat(result.exitCode()).as(result.err()).isZero();
    List<String> listed = new ArrayList<>();
    JSON.readTree(result.out()).path("items").forEach(item -> listed.add(item.path("metadata").path("name").asText()));
    assertThat(listed).containsExactlyElementsOf(names);
    assertThat(smallPages.exitCode()).as(smallPages.err()).isZero();
    assertThat(smallPages.out().lines().skip(1).map(line -> line.split("\\s+")[0]).toList())
        .containsExactlyElementsOf(names);
  }

  @Test
  @Order(2)
  void shouldPageWithLimitAndContinueWhenTheListApiIsCalledDirectly() throws Exception {
    JsonNode first = list("&limit=500");
    JsonNode second = list("&limit=500&continue=" + encode(first.path("metadata").path("continue").asText()));
    JsonNode last = list("&limit=500&continue=" + encode(second.path("metadata").path("continue").asText()));

    assertThat(first.path("kind").asText()).isEqualTo("List");
    assertThat(first.path("items")).hasSize(500);
    assertThat(first.path("metadata").path("remainingItemCount").asInt()).isEqualTo(COUNT - 500);
    assertThat(second.path("items")).hasSize(500);
    assertThat(last.path("items")).hasSize(COUNT - 1000);
    assertThat(last.path("metadata").has("continue")).isFalse();
    List<String> listed = new ArrayList<>();
    for (JsonNode page : List.of(first, second, last)) {
      page.path("items").forEach(item -> listed.add(item.path("metadata").path("name").asText()));
    }
    assertThat(listed).containsExactlyElementsOf(names);
    assertThat(list("").path("items")).as("the default page size").hasSize(500);
  }

  @Test
  @Order(3)
  void shouldAnswer400NamingTheParameterWhenLimitOrContinueIsBad() throws Exception {
    HttpResponse<String> badLimit = get("&limit=0");
    HttpResponse<String> badContinue = get("&continue=not-a-token");

    assertThat(badLimit.statusCode()).isEqualTo(400);
    assertThat(badLimit.body()).contains("limit");
    assertThat(badContinue.statusCode()).isEqualTo(400);
    assertThat(badContinue.body()).contains("continue");
  }

  @Test
  @Order(4)
  void shouldDeleteEveryResourceInOneBatchWhenDeletingFromTheFile() {
    long start = System.nanoTime();
    CliResult deleted = CliRunner.run(platform, "delete", "-f", file.toString());
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(deleted.exitCode()).as(deleted.err()).isZero();
    assertThat(deleted.out().lines().filter(line -> line.endsWith(" deleted"))).hasSize(COUNT);
    System.out.printf("delete -f of %d ConfigMaps took %d ms%n", COUNT, millis);
    assertThat(millis).as("delete -f of %d resources", COUNT).isLessThan(4_000);
    CliResult after = CliRunner.run(platform, "get", "configmaps", "-n", namespace);
    assertThat(after.out()).contains("No resources found");
  }

  @Test
  @Order(5)
  void shouldSayThePlatformWasReachedWhenItsAnswerIsTooLarge() throws Exception {
    HttpServer huge = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] body = new byte[8 * 1024 * 1024];
    huge.createContext("/", exchange -> {
      exchange.sendResponseHeaders(200, body.length);
      try (var out = exchange.getResponseBody()) {
        out.write(body);
      } catch (IOException closedByClient) {
        // The CLI stops reading past its limit.
      }
    });
    huge.start();
    try {
      String server = "http://127.0.0.1:" + huge.getAddress().getPort();

      CliResult tooLarge = CliRunner.run("get", "configmaps", "--server", server);
      CliResult unreachable = CliRunner.run("get", "configmaps", "--server",
          "http://127.0.0.1:" + TriggerTestSupport.closedPort());

      assertThat(tooLarge.exitCode()).isNotZero();
      assertThat(tooLarge.err()).contains("was reached").contains("exceeds").doesNotContain("cannot reach");
      assertThat(unreachable.exitCode()).isNotZero();
      assertThat(unreachable.err()).contains("cannot reach the platform");
    } finally {
      huge.stop(0);
    }
  }

  private static JsonNode list(String params) throws Exception {
    HttpResponse<String> response = get(params);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static HttpResponse<String> get(String params) throws Exception {
    URI uri = URI.create(platform.adminUrl() + "/api/v1/resources?kind=configmap&namespace=" + namespace + params);
    return HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
