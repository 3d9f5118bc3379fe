package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.it.harness.PlatformHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Traffic splitting and tags as in Knative's docs, a split that does not sum to 100 refused at
 * apply, and a Trigger whose subscriber is a Knative Service (also across a killed replica).
 */
class ServingTrafficTest {

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private static final String SERVICE = """
      apiVersion: serving.knative.dev/v1
      kind: Service
      metadata:
        name: split
        namespace: %s
      spec:
        template:
          spec:
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
    platform = PlatformHarness.start();
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  @Test
  void shouldSplitEightyTwentyAndReachOnlyTheTaggedRevisionWhenTrafficNamesTwoRevisions() {
    String ns = PlatformHarness.uniqueNamespace();
    platform.apply(SERVICE.formatted(ns, ServingSupport.appCommand(), "Blue"));
    platform.awaitReady("ksvc", ns, "split");

    platform.apply(SERVICE.formatted(ns, ServingSupport.appCommand(), "Green") + """
          traffic:
            - revisionName: split-00001
              percent: 80
            - latestRevision: true
              percent: 20
              tag: candidate
        """);
    String tagHost = "candidate-split." + ns + ".example.com";
    await().atMost(Duration.ofSeconds(30)).until(() ->
        ServingSupport.get(platform.activatorUrl(), tagHost, "/").body().contains("rev=split-00002"));
    Map<String, Long> byRevision = countRevisions(ns, 1000);

    assertThat(byRevision.keySet()).containsExactlyInAnyOrder("split-00001", "split-00002");
    assertThat(byRevision.get("split-00001")).isBetween(750L, 850L);
    for (int i = 0; i < 20; i++) {
      assertThat(ServingSupport.get(platform.activatorUrl(), tagHost, "/").body()).contains("rev=split-00002");
    }
    String traffic = ServingSupport.resource(platform, "ksvc", ns, "split").path("status").path("traffic").toString();
    assertThat(traffic).contains("\"tag\":\"candidate\"").contains("\"url\":\"http://" + tagHost + "\"");
  }

  @Test
  void shouldRefuseAtApplyWithTheFieldPathWhenPercentsDoNotSumToHundred() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    Path file = Files.createTempFile("split", ".yaml");
    Files.writeString(file, SERVICE.formatted(ns, ServingSupport.appCommand(), "x") + """
          traffic:
            - latestRevision: true
              percent: 50
            - revisionName: split-00001
              percent: 40
        """);

    PlatformHarness.CliResult result = platform.cli("apply", "-f", file.toString());

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.err()).contains("spec.traffic").contains("sum to 90, want 100");
  }

  @Test
  void shouldDeliverEventsThroughTheActivatorWhenTriggerSubscriberIsAKnativeService() {
    String ns = PlatformHarness.uniqueNamespace();
    // one replica (not scaled on the backlog): the test reads the app's own /events list
    platform.apply(SERVICE.formatted(ns, ServingSupport.appCommand(), "Events").replace("name: split", "name: sink")
        .replace("  template:\n", "  template:\n    metadata:\n      annotations: {autoscaling.knative.dev/max-scale: \"1\"}\n"));
    platform.apply("""
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata:
          name: default
          namespace: %1$s
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata:
          name: to-ksvc
          namespace: %1$s
        spec:
          broker: default
          subscriber:
            ref:
              apiVersion: serving.knative.dev/v1
              kind: Service
              name: sink
        """.formatted(ns));
    platform.awaitReady("trigger", ns, "to-ksvc");

    for (int i = 0; i < 200; i++) {
      assertThat(PlatformHarness.postEvent(platform.brokerUrl(ns, "default"), "e-" + i, "t", "{}").statusCode())
          .isEqualTo(202);
    }

    await().atMost(Duration.ofSeconds(30)).until(() ->
        ServingSupport.get(platform.activatorUrl(), "x", "/" + ns + "/sink/events").body().lines().count() >= 200);
    List<String> ids = ServingSupport.get(platform.activatorUrl(), "x", "/" + ns + "/sink/events").body().lines().toList();
    assertThat(ids).hasSize(200).doesNotHaveDuplicates();
    assertThat(ServingSupport.resource(platform, "trigger", ns, "to-ksvc").path("status").path("subscriberUri").asText())
        .isEqualTo(platform.activatorUrl() + "/" + ns + "/sink");
  }

  @Test
  void shouldDeliverEveryOneOfAThousandEventsWhenTheServiceReplicaIsKilledMidway() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    Path received = Files.createTempFile("events", ".txt");
    // one replica whose received ids go to a file, so that the list outlives the restart
    platform.apply("""
        apiVersion: serving.knative.dev/v1
        kind: Service
        metadata:
          name: sink
          namespace: %1$s
        spec:
          template:
            metadata:
              annotations: {autoscaling.knative.dev/max-scale: "1"}
            spec:
              containers:
                - image: example.com/app
                  command: %2$s
                  env:
                    - name: EVENTS_FILE
                      value: "%3$s"
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata:
          name: default
          namespace: %1$s
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata:
          name: to-ksvc
          namespace: %1$s
        spec:
          broker: default
          delivery: {retry: 20, backoffPolicy: linear, backoffDelay: PT0.2S}
          subscriber:
            ref:
              apiVersion: serving.knative.dev/v1
              kind: Service
              name: sink
        """.formatted(ns, ServingSupport.appCommand(), received));
    platform.awaitReady("ksvc", ns, "sink");
    platform.awaitReady("trigger", ns, "to-ksvc");
    long pid = ServingSupport.pid(ServingSupport.get(platform.activatorUrl(), "x", "/" + ns + "/sink/").body());

    for (int i = 0; i < 1000; i++) {
      if (i == 500) {
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.readAllLines(received).size() >= 200);
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
      }
      assertThat(PlatformHarness.postEvent(platform.brokerUrl(ns, "default"), "e-" + i, "t", "{}").statusCode())
          .isEqualTo(202);
    }

    await().atMost(Duration.ofSeconds(40)).until(() -> Files.readAllLines(received).stream().distinct().count() >= 1000);
    List<String> ids = Files.readAllLines(received);
    Map<String, Long> counts = ids.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    long duplicates = ids.size() - counts.size();
    System.out.printf("1000 events across a replica restart: %d deliveries, %d duplicates%n", ids.size(), duplicates);
    assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(
        java.util.stream.IntStream.range(0, 1000).mapToObj(i -> "e-" + i).toList());
    assertThat(ServingSupport.resource(platform, "revision", ns, "sink-00001").path("status").path("restartCount")
        .asInt()).isEqualTo(1);
  }

  private static Map<String, Long> countRevisions(String ns, int requests) {
    List<String> revisions = new ArrayList<>();
    URI uri = URI.create(platform.activatorUrl() + "/" + ns + "/split");
    for (int batch = 0; batch < requests / 50; batch++) {
      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        calls.add(HTTP.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString()));
      }
      calls.forEach(call -> {
        String body = call.join().body();
        revisions.add(body.substring(body.indexOf("rev=") + 4).split("\\s")[0]);
      });
    }
    return revisions.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }
}
