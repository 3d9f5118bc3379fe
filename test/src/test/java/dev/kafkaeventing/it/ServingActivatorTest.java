package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kafkaeventing.it.harness.PlatformHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The activator's protections, against real app processes: the breaker (containerConcurrency and
 * a queue of 10), timeoutSeconds, responseStartTimeoutSeconds and idleTimeoutSeconds, a revision that fails to start,
 * and deleting a Service.
 */
class ServingActivatorTest {

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private static final String SERVICE = """
      apiVersion: serving.knative.dev/v1
      kind: Service
      metadata:
        name: %s
        namespace: %s
      spec:
        template:
          spec:
            %s
            containers:
              - image: example.com/app
                command: %s
                env:
                  - name: TARGET
                    value: "%s"
      """;

  private static PlatformHarness platform;

  @BeforeAll
  static void start() {
    platform = PlatformHarness.start(PlatformHarness.config().withActivator(0, 10));
    // one replica per revision: these tests are about the activator's throttler, not the autoscaler
    platform.apply("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: config-autoscaler, namespace: knative-serving}
        data: {max-scale: "1"}
        """);
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  private static String service(String name, String ns, String extra, String target) {
    return SERVICE.formatted(name, ns, extra, ServingSupport.appCommand(), target);
  }

  @Test
  void shouldAnswer503BeyondTheQueueAndNeverExceedConcurrencyWhenFiftySlowRequestsArrive() {
    String ns = PlatformHarness.uniqueNamespace();
    platform.apply(service("slow", ns, "containerConcurrency: 1", "Slow"));
    platform.awaitReady("ksvc", ns, "slow");

    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      calls.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(platform.activatorUrl() + "/" + ns + "/slow?sleep=0.3"))
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()));
    }
    List<Integer> statuses = calls.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).toList();

    assertThat(statuses).hasSize(50).containsOnly(200, 503);
    assertThat(statuses.stream().filter(s -> s == 503).count()).isGreaterThanOrEqualTo(30);
    assertThat(statuses.stream().filter(s -> s == 200).count()).isGreaterThanOrEqualTo(11);
    String stats = ServingSupport.get(platform.activatorUrl(), "x", "/" + ns + "/slow/stats").body();
    assertThat(stats).startsWith("max_in_flight=1 ");
  }

  @Test
  void shouldAnswer504WithinASecondAndAHalfWhenTheAppOutlivesTimeoutSeconds() {
    String ns = PlatformHarness.uniqueNamespace();
    platform.apply(service("sleepy", ns, "timeoutSeconds: 1", "Sleepy"));
    platform.apply(service("late", ns, "responseStartTimeoutSeconds: 1", "Late"));
    platform.awaitReady("ksvc", ns, "sleepy");
    platform.awaitReady("ksvc", ns, "late");

    for (String name : List.of("sleepy", "late")) {
      long start = System.nanoTime();
      ServingSupport.Answer answer = ServingSupport.get(platform.activatorUrl(), name + "." + ns + ".example.com",
          "/?sleep=3");
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(answer.status()).as(name).isEqualTo(504);
      assertThat(took).as(name).isLessThan(Duration.ofMillis(1500));
    }
  }

  @Test
  void shouldCutTheResponseWithinIdleTimeoutAndAHalfWhenTheAppStallsAfterItsFirstChunk() {
    String ns = PlatformHarness.uniqueNamespace();
    platform.apply(service("stall", ns, "idleTimeoutSeconds: 1", "Stall"));
    platform.awaitReady("ksvc", ns, "stall");
    String host = "stall." + ns + ".example.com";

    long start = System.nanoTime();
    ServingSupport.Answer answer = ServingSupport.get(platform.activatorUrl(), host, "/?stall=4");
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).contains("first").doesNotContain("rest");
    assertThat(took).isBetween(Duration.ofMillis(1000), Duration.ofMillis(1500));
    // a stall shorter than idleTimeoutSeconds is not cut
    assertThat(ServingSupport.get(platform.activatorUrl(), host, "/?stall=0.3").body()).contains("first").contains("rest");
  }

  @Test
  void shouldReportRevisionFailedWithExitCodeAndLogWhenTheAppCannotStart() {
    String ns = PlatformHarness.uniqueNamespace();
    String failing = SERVICE.formatted("broken", ns, "", ServingSupport.appCommand(), "x")
        + "            - name: FAIL_AT_START\n              value: no database\n";

    platform.apply(failing);

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      JsonNode ready = readyCondition(ServingSupport.resource(platform, "ksvc", ns, "broken"));
      assertThat(ready.path("status").asText()).isEqualTo("False");
      assertThat(ready.path("reason").asText()).isEqualTo("RevisionFailed");
      assertThat(ready.path("message").asText()).contains("exit code 3").contains("cannot start: no database");
    });
  }

  @Test
  void shouldStopProcessesAndDeleteChildrenWhenServiceIsDeleted() {
    String ns = PlatformHarness.uniqueNamespace();
    platform.apply(service("gone", ns, "", "Gone"));
    platform.awaitReady("ksvc", ns, "gone");
    long pid = ServingSupport.pid(ServingSupport.get(platform.activatorUrl(), "gone." + ns + ".example.com", "/").body());

    assertThat(platform.cli("delete", "ksvc", "gone", "-n", ns).exitCode()).isZero();

    ServingSupport.awaitGone(pid);
    await().atMost(Duration.ofSeconds(20)).until(() ->
        platform.cli("get", "revision", "gone-00001", "-n", ns).exitCode() != 0
            && platform.cli("get", "route", "gone", "-n", ns).exitCode() != 0
            && platform.cli("get", "configuration", "gone", "-n", ns).exitCode() != 0);
    assertThat(ServingSupport.get(platform.activatorUrl(), "gone." + ns + ".example.com", "/").status())
        .isEqualTo(404);
  }

  @Test
  void shouldRestartAKilledReplicaAndAnswerAgainWhenItsProcessIsKilled() {
    String ns = PlatformHarness.uniqueNamespace();
    platform.apply(service("phoenix", ns, "", "Phoenix"));
    platform.awaitReady("ksvc", ns, "phoenix");
    String host = "phoenix." + ns + ".example.com";
    long pid = ServingSupport.pid(ServingSupport.get(platform.activatorUrl(), host, "/").body());

    ProcessHandle.of(pid).orElseThrow().destroyForcibly();

    ServingSupport.awaitGone(pid);
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      ServingSupport.Answer answer = ServingSupport.get(platform.activatorUrl(), host, "/");
      return answer.status() == 200 && ServingSupport.pid(answer.body()) != pid;
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> ServingSupport.resource(platform, "revision", ns,
        "phoenix-00001").path("status").path("restartCount").asInt() == 1);
  }

  @Test
  void shouldAnswer502InFlightAndServeLaterRequestsFromAnotherReplicaWhenAReplicaIsKilled() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    platform.apply("""
        apiVersion: serving.knative.dev/v1
        kind: Service
        metadata: {name: pair, namespace: %s}
        spec:
          template:
            metadata:
              annotations: {autoscaling.knative.dev/min-scale: "2", autoscaling.knative.dev/max-scale: "2"}
            spec:
              containers:
                - image: example.com/app
                  command: %s
        """.formatted(ns, ServingSupport.appCommand()));
    platform.awaitReady("ksvc", ns, "pair");
    String host = "pair." + ns + ".example.com";
    java.util.Set<Long> pids = new java.util.HashSet<>();
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      ServingSupport.Answer answer = ServingSupport.get(platform.activatorUrl(), host, "/");
      return answer.status() == 200 && pids.add(ServingSupport.pid(answer.body())) && pids.size() == 2;
    });
    long victim = pids.iterator().next();
    int victimPort = ServingSupport.port(victim);
    List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      slow.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(platform.activatorUrl() + "/" + ns + "/pair?sleep=3"))
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()));
    }
    // requests in flight at the victim: its own answer counts itself, so more than one
    await().atMost(Duration.ofSeconds(10)).until(() -> HTTP.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + victimPort + "/")).build(), HttpResponse.BodyHandlers.ofString())
        .headers().firstValue("X-In-Flight").map(Integer::parseInt).orElse(0) > 1);

    ProcessHandle.of(victim).orElseThrow().destroyForcibly();

    List<Integer> statuses = slow.stream().map(call -> call.join().statusCode()).toList();
    assertThat(statuses).contains(502, 200).allMatch(status -> status == 502 || status == 200);
    ServingSupport.awaitGone(victim);
    // once the runtime has seen the exit (the restart is counted), the dead replica gets no request
    await().atMost(Duration.ofSeconds(10)).until(() -> ServingSupport.resource(platform, "revision", ns,
        "pair-00001").path("status").path("restartCount").asInt() >= 1);
    for (int i = 0; i < 10; i++) {
      ServingSupport.Answer answer = ServingSupport.get(platform.activatorUrl(), host, "/");
      assertThat(answer.status()).as("request %d after the kill", i).isEqualTo(200);
      assertThat(ServingSupport.pid(answer.body())).isNotEqualTo(victim);
    }
  }

  @Test
  void shouldStreamLargeBodiesBothWaysWhenProxying() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    platform.apply(service("bulk", ns, "", "Bulk"));
    platform.awaitReady("ksvc", ns, "bulk");
    String base = platform.activatorUrl() + "/" + ns + "/bulk";
    byte[] upload = new byte[16 * 1024 * 1024];

    HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(upload)).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<java.io.InputStream> download = HTTP.send(HttpRequest.newBuilder(
        URI.create(base + "/?bytes=" + 100 * 1024 * 1024)).build(), HttpResponse.BodyHandlers.ofInputStream());
    long received;
    try (java.io.InputStream in = download.body()) {
      received = in.transferTo(java.io.OutputStream.nullOutputStream());
    }

    assertThat(posted.body()).contains("body=" + upload.length);
    assertThat(received).isEqualTo(100L * 1024 * 1024);
  }

  private static JsonNode readyCondition(JsonNode resource) {
    for (JsonNode condition : resource.path("status").path("conditions")) {
      if (condition.path("type").asText().equals("Ready")) {
        return condition;
      }
    }
    return resource.path("missing");
  }
}
