package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkaeventing.it.harness.HeadlessChromium;
import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Received;
import dev.kafkaeventing.it.harness.RecordingSubscriber.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web console at {@code /ui} on the admin port: its files and headers, the topology and
 * filter-playground routes it reads, and — in headless Chromium — the page itself: a Broker with
 * two Triggers drawn, rates moving while events flow, a parked event redriven from the page, the
 * filter playground and the live tail.
 * Set {@code -Dconsole.screenshot=PATH} to keep the page's screenshot (the README's image).
 */
class WebConsoleTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static PlatformHarness platform;

  @BeforeAll
  static void start() {
    platform = PlatformHarness.start();
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  @Test
  void shouldServeConsoleFramelessAndTopologyWithReasonsWhenBrokerHasTriggers() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    applyBrokerWithTriggers(ns, "http://127.0.0.1:9/orders", "http://127.0.0.1:9/audit");

    HttpResponse<String> page = get("/ui");
    HttpResponse<String> library = get("/ui/lib/echarts.min.js");
    HttpResponse<String> other = get("/ui/../pom.xml");
    JsonNode topology = JSON.readTree(get("/api/v1/topology?namespace=" + ns).body());

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("/ui/console.js");
    assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("frame-ancestors 'none'");
    assertThat(library.statusCode()).isEqualTo(200);
    assertThat(library.headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(topology.path("counts").path("triggers").asInt()).isEqualTo(3);
    assertThat(node(topology, "trigger/" + ns + "/orphan").path("ready").asText()).isEqualTo("False");
    assertThat(node(topology, "trigger/" + ns + "/orphan").path("reason").asText()).isEqualTo("BrokerDoesNotExist");
    assertThat(topology.path("edges").toString())
        .contains("{\"source\":\"broker/" + ns + "/default\",\"target\":\"trigger/" + ns + "/orders\"")
        .contains("\"target\":\"uri/http://127.0.0.1:9/audit\",\"label\":\"subscriber\"");
    assertThat(JSON.readTree(get("/api/v1/topology?limit=1").body()).path("truncated").asBoolean()).isTrue();
  }

  @Test
  void shouldMatchLastEventsAndAnswer400NamingTheFilterWhenPlaygroundFilterIsBad() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    applyBrokerWithTriggers(ns, "http://127.0.0.1:9/orders", "http://127.0.0.1:9/audit");
    for (String type : new String[] {"dev.example.order", "dev.example.audit", "dev.example.order"}) {
      assertThat(PlatformHarness.postEvent(platform.brokerUrl(ns, "default"), type + "-" + System.nanoTime(), type, "{}")
          .statusCode()).isEqualTo(202);
    }
    String path = platform.adminUrl() + "/api/v1/filter-test/broker/" + ns + "/default";

    HttpResponse<String> cesql = post(path, "application/json", "{\"cesql\": \"type = 'dev.example.order'\"}");
    HttpResponse<String> cel = post(path, "application/json", "{\"cel\": \"event.type.endsWith('audit')\", \"last\": 2}");
    HttpResponse<String> bad = post(path, "application/json", "{\"cesql\": \"type = \"}");
    HttpResponse<String> form = post(path, "text/plain", "{\"cesql\": \"true\"}");

    assertThat(cesql.statusCode()).as(cesql.body()).isEqualTo(200);
    assertThat(JSON.readTree(cesql.body()).path("evaluated").asInt()).isEqualTo(3);
    assertThat(JSON.readTree(cesql.body()).path("matched").asInt()).isEqualTo(2);
    assertThat(cel.statusCode()).as(cel.body()).isEqualTo(200);
    assertThat(JSON.readTree(cel.body()).path("evaluated").asInt()).isEqualTo(2);
    assertThat(JSON.readTree(cel.body()).path("matched").asInt()).isEqualTo(1);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("spec.filters[0].cesql");
    assertThat(form.statusCode()).isEqualTo(415);
  }

  @Test
  void shouldShowMovingRatesAndRedriveParkedEventWhenDrivenInBrowser() throws Exception {
    assumeTrue(HeadlessChromium.available(), "skipped: no " + HeadlessChromium.BINARY
        + " (install Debian's chromium package to run the web console's browser test)");
    String ns = PlatformHarness.uniqueNamespace();
    ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
    try (RecordingSubscriber orders = RecordingSubscriber.start();
         RecordingSubscriber audit = RecordingSubscriber.start();
         HeadlessChromium browser = HeadlessChromium.start(1440, 960)) {
      audit.respondWith(r -> Reply.status(500));
      applyBrokerWithTriggers(ns, orders.url(), audit.url());
      AtomicInteger published = new AtomicInteger();
      publisher.scheduleAtFixedRate(() -> PlatformHarness.postEvent(platform.brokerUrl(ns, "default"),
          "order-" + published.incrementAndGet(), "dev.example.order", "{\"total\": 42}"), 0, 40, TimeUnit.MILLISECONDS);
      assertThat(PlatformHarness.postEvent(platform.brokerUrl(ns, "default"), "audit-1", "dev.example.audit", "{}")
          .statusCode()).isEqualTo(202);

      browser.navigate(platform.adminUrl() + "/ui?namespace=" + ns + "#topology");
      String orderRow = "document.querySelector('#routes tr[data-route=\"trigger/" + ns + "/orders\"]')";
      String auditRow = "document.querySelector('#routes tr[data-route=\"trigger/" + ns + "/audit\"]')";
      await().atMost(Duration.ofSeconds(30)).until(() -> browser.eval(orderRow + " !== null && " + auditRow + " !== null").asBoolean());
      await().atMost(Duration.ofSeconds(30)).until(() -> rate(browser, orderRow) > 0);
      long delivered = browser.eval(orderRow + ".querySelector('[data-field=delivered]').textContent").asLong();
      await().atMost(Duration.ofSeconds(30)).until(() ->
          browser.eval(orderRow + ".querySelector('[data-field=delivered]').textContent").asLong() > delivered);
      await().atMost(Duration.ofSeconds(30)).until(() ->
          browser.eval(auditRow + ".querySelector('[data-field=parked]').textContent").asInt() == 1);
      String orphanLabel = browser.eval("consoleChart.getOption().series[0].data.find(n => n.id === 'trigger/" + ns
          + "/orphan').label.formatter").asText();

      browser.eval(auditRow + ".click()");
      await().atMost(Duration.ofSeconds(30)).until(() -> browser.eval(
          "document.querySelector('#parked tr[data-parked] button.redrive') !== null"
          + " && document.querySelector('#recent table, #recent-none') !== null").asBoolean());
      String recent = browser.eval("document.querySelector('#recent').textContent").asText();
      screenshot(browser);
      audit.respondWith(r -> Reply.status(202));
      browser.eval("document.querySelector('#parked tr[data-parked] button.redrive').click()");

      await().atMost(Duration.ofSeconds(30)).until(() -> audit.received().stream().map(Received::id)
          .filter("audit-1"::equals).count() == 2);
      await().atMost(Duration.ofSeconds(30)).until(() -> browser.eval(
          "document.querySelector('#parked-none') !== null").asBoolean());
      browser.eval("location.hash = '#playground'; document.getElementById('play-target').value = 'broker/" + ns
          + "/default'; document.getElementById('play-expr').value = \"type = 'dev.example.audit'\";"
          + " document.getElementById('play-last').value = '1000';"
          + " document.querySelector('#play-form button[type=submit]').click(); true");
      await().atMost(Duration.ofSeconds(30)).until(() -> browser.eval(
          "document.getElementById('play-result').textContent").asText().matches("1 of the last \\d+ events match"));
      browser.eval("location.hash = '#tail'; document.getElementById('tail-target').value = 'broker/" + ns
          + "/default'; document.getElementById('tail-filter').value = \"type = 'dev.example.order'\";"
          + " document.getElementById('tail-start').click(); true");
      await().atMost(Duration.ofSeconds(30)).until(() -> browser.eval(
          "[...document.querySelectorAll('#tail-table tbody td')].some(td => td.textContent.startsWith('order-'))").asBoolean());
      browser.eval("document.getElementById('tail-stop').click(); true");

      assertThat(orphanLabel).contains("⚠ BrokerDoesNotExist");
      assertThat(recent).contains("audit-1", "parked");
      assertThat(audit.received().get(audit.count() - 1).id()).isEqualTo("audit-1");
    } finally {
      publisher.shutdownNow();
    }
  }

  private static double rate(HeadlessChromium browser, String row) {
    String text = browser.eval(row + ".querySelector('[data-field=rate]').textContent").asText();
    return text.endsWith("/s") ? Double.parseDouble(text.substring(0, text.length() - 2)) : 0;
  }

  /** Keeps the page's picture: in target/ always, and where {@code console.screenshot} asks. */
  private static void screenshot(HeadlessChromium browser) throws Exception {
    byte[] png = browser.screenshot();
    Files.write(Path.of("target", "console.png"), png);
    String wanted = System.getProperty("console.screenshot");
    if (wanted != null && !wanted.isBlank()) {
      Files.write(Path.of(wanted).toAbsolutePath(), png);
    }
  }

  /** A Broker with Triggers orders and audit (by type), and orphan naming a Broker that does not exist. */
  private static void applyBrokerWithTriggers(String ns, String ordersUrl, String auditUrl) {
    platform.apply("""
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: {name: default, namespace: %1$s}
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: {name: orders, namespace: %1$s}
        spec:
          broker: default
          filter: {attributes: {type: dev.example.order}}
          subscriber: {uri: "%2$s"}
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: {name: audit, namespace: %1$s}
        spec:
          broker: default
          filters: [{cesql: "type = 'dev.example.audit'"}]
          subscriber: {uri: "%3$s"}
          delivery: {retry: 0}
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: {name: orphan, namespace: %1$s}
        spec:
          broker: missing
          subscriber: {uri: "%2$s"}
        """.formatted(ns, ordersUrl, auditUrl));
    platform.awaitReady("trigger", ns, "orders");
    platform.awaitReady("trigger", ns, "audit");
  }

  private static JsonNode node(JsonNode topology, String id) {
    for (JsonNode node : topology.path("nodes")) {
      if (node.path("id").asText().equals(id)) {
        return node;
      }
    }
    throw new AssertionError("no node " + id + " in " + topology);
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(platform.adminUrl() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String url, String contentType, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
