package dev.kafkaeventing.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Scale from zero: a trivial app ({@link BenchApp}) whose revision is at zero replicas gets one
 * request through the activator; its latency minus the app's own start (process start to port bound,
 * which the app reports) is what the platform adds. Several rounds, each after the revision went
 * back to zero (stable window 6 s, grace 1 s, tick 500 ms).
 */
final class ColdStartScenario implements Scenario {

  static final String NAMESPACE = "bench-coldstart";
  private static final int ROUNDS = 3;

  @Override
  public String id() {
    return "coldstart";
  }

  @Override
  public ScenarioResult run(BenchContext ctx) throws Exception {
    PlatformNode node = ctx.platform(id());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String config = """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: config-autoscaler, namespace: knative-serving}
        data: {allow-zero-initial-scale: "true", stable-window: "6s", scale-to-zero-grace-period: "1s",
               tick-interval: "500ms"}
        """;
    String service = """
        apiVersion: serving.knative.dev/v1
        kind: Service
        metadata: {name: cold, namespace: %s}
        spec:
          template:
            metadata:
              annotations: {autoscaling.knative.dev/initial-scale: "0"}
            spec:
              containers:
                - image: bench/app
                  command: ["%s", "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", "%s", "%s"]
        """.formatted(NAMESPACE, java, System.getProperty("java.class.path"), BenchApp.class.getName());
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<List<String>> table = new ArrayList<>();
    table.add(List.of("round", "first request (ms)", "app: JVM start → listening (ms)",
        "request → JVM start (ms)", "listening → request decoded by the app (ms)", "added by the platform (ms)"));
    List<Double> added = new ArrayList<>();
    try {
      node.admin().apply(config);
      node.admin().apply(service);
      DeliveryPhase.awaitReady(node, "ksvc", NAMESPACE, 1, Duration.ofSeconds(60));
      URI target = URI.create(node.activatorUrl() + "/" + NAMESPACE + "/cold");
      for (int round = 1; round <= ROUNDS; round++) {
        if (!Waits.until(() -> atZero(node), Duration.ofSeconds(60), Duration.ofMillis(100))) {
          throw new IllegalStateException("the revision did not go back to zero replicas");
        }
        long sent = System.currentTimeMillis();
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(60)).build(),
            HttpResponse.BodyHandlers.ofString());
        long answered = System.currentTimeMillis();
        if (answer.statusCode() != 200) {
          throw new IllegalStateException("the cold request answered " + answer.statusCode() + ": " + answer.body());
        }
        long started = Long.parseLong(answer.headers().firstValue("X-Started-At").orElse("-1"));
        long listening = Long.parseLong(answer.headers().firstValue("X-Listening-At").orElse("-1"));
        long received = Long.parseLong(answer.headers().firstValue("X-Received-At").orElse("-1"));
        long total = answered - sent;
        long app = listening - started;
        added.add((double) (total - app));
        table.add(List.of(Integer.toString(round), Long.toString(total), Long.toString(app),
            Long.toString(started - sent), Long.toString(received - listening), Long.toString(total - app)));
        ctx.log("coldstart: round %d: %d ms in all, app %d ms, platform %d ms", round, total, app, total - app);
      }
    } finally {
      node.admin().delete(service);
      ctx.release(node);
    }
    double median = added.stream().sorted().toList().get(added.size() / 2);
    return new ScenarioResult(id(), "Cold start: first request to a revision at zero replicas",
        "A trivial Netty app (JVM, C1 only) as a Knative Service at zero replicas; one GET through the activator "
            + "per round, after the revision went back to zero (stable window 6 s, grace 1 s, tick 500 ms), "
            + ROUNDS + " rounds. The app reports its JVM's start time and when its port was bound; the "
            + "platform's part is the request's latency minus that span: deciding, spawning the process (and the "
            + "JVM's own earliest start-up, before its start time is taken), the readiness probe (every 25 ms) "
            + "and proxying. \"Listening → request decoded\" also holds the app's own first-request work (class loading "
            + "in its HTTP codec) before its handler runs.",
        List.of(), List.of(TargetCheck.atMost("added by the platform to a cold start (median)", median, 50, " ms")),
        List.of(), table);
  }

  private static boolean atZero(PlatformNode node) {
    for (JsonNode revision : node.admin().list("revision", NAMESPACE)) {
      JsonNode status = revision.path("status");
      if (status.path("desiredReplicas").asInt(-1) != 0 || status.path("actualReplicas").asInt(-1) != 0) {
        return false;
      }
    }
    return true;
  }
}
