package dev.kafkaeventing.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Scale from zero: a small app whose revision is at zero replicas gets one request through the
 * activator; its latency minus the app's own start is what the platform adds. The app is not a JVM
 * but Python's http.server ({@code bench/quick_app.py}), so its start is small, and the bench
 * measures it alone in the same run (spawned directly, the time until its port accepts a
 * connection, median of {@value #ALONE_RUNS}). Each round, after the revision went back to zero
 * (stable window 6 s, grace 1 s, tick 500 ms), is split with the replica's log (when the platform
 * spawned the process) and the app's answer (when its script began, its port was bound, the
 * request was parsed).
 */
final class ColdStartScenario implements Scenario {

  static final String NAMESPACE = "bench-coldstart";
  private static final int ROUNDS = 5;
  private static final int ALONE_RUNS = 5;
  private static final Pattern SPAWNED = Pattern.compile("^--- (\\S+) replica \\d+ of \\S+ starting on PORT=(\\d+):");

  @Override
  public String id() {
    return "coldstart";
  }

  @Override
  public ScenarioResult run(BenchContext ctx) throws Exception {
    PlatformNode node = ctx.platform(id());
    String python = pythonExecutable();
    Path app = appScript();
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
                  command: ["%s", "%s"]
        """.formatted(NAMESPACE, python, app);
    List<Long> alone = new ArrayList<>();
    for (int run = 0; run < ALONE_RUNS; run++) {
      alone.add(startAlone(python, app));
    }
    long appAlone = alone.stream().sorted().toList().get(ALONE_RUNS / 2);
    ctx.log("coldstart: the app alone, spawn → port accepting: %s ms (median %d)", alone, appAlone);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<List<String>> table = new ArrayList<>();
    table.add(List.of("round", "first request (ms)", "request → spawned", "spawned → listening (the app's start)",
        "listening → request parsed by the app", "parsed → answer received", "added by the platform (ms)",
        "first request − the app alone (ms)"));
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
        long sentNanos = System.nanoTime();
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(60)).build(),
            HttpResponse.BodyHandlers.ofString());
        long total = (System.nanoTime() - sentNanos) / 1_000_000;
        long answered = sent + total;
        if (answer.statusCode() != 200) {
          throw new IllegalStateException("the cold request answered " + answer.statusCode() + ": " + answer.body());
        }
        long listening = Long.parseLong(answer.headers().firstValue("X-Listening-At").orElse("-1"));
        long received = Long.parseLong(answer.headers().firstValue("X-Received-At").orElse("-1"));
        int port = Integer.parseInt(answer.body().strip().substring("port=".length()));
        long spawned = spawnedAt(node.dataDir(), port);
        long platform = total - (listening - spawned);
        added.add((double) platform);
        table.add(List.of(Integer.toString(round), Long.toString(total), Long.toString(spawned - sent),
            Long.toString(listening - spawned), Long.toString(received - listening), Long.toString(answered - received),
            Long.toString(platform), Long.toString(total - appAlone)));
        ctx.log("coldstart: round %d: %d ms in all (request → spawned %d, spawned → listening %d, "
                + "listening → parsed %d, parsed → answered %d); platform %d ms; the app alone %d ms", round, total, spawned - sent,
            listening - spawned, received - listening, answered - received, platform, appAlone);
      }
    } finally {
      node.admin().delete(service);
      ctx.release(node);
    }
    double median = added.stream().sorted().toList().get(added.size() / 2);
    return new ScenarioResult(id(), "Cold start: first request to a revision at zero replicas",
        "A small Python http.server app (bench/quick_app.py) as a Knative Service at zero replicas; one GET through "
            + "the activator per round, after the revision went back to zero (stable window 6 s, grace 1 s, tick "
            + "500 ms), " + ROUNDS + " rounds. The app's own start is measured alone in the same run: spawned by the "
            + "bench, the time until its port accepts a connection (" + alone + " ms, median " + appAlone + " ms). "
            + "Each round is split by when the platform spawned the process (its replica log), when the app's port was "
            + "bound and when it parsed the request (its answer's headers). The platform's part is the request's "
            + "latency minus the app's own start in that round (spawned → listening, from the app's log, as the "
            + "issue defines it): deciding, the readiness probe (at once, then every 5 ms), the hand-off to the "
            + "waiting request and proxying. The last column subtracts the app's start alone instead, which on a "
            + "loaded machine varies by more than the platform's part.",
        List.of(), List.of(TargetCheck.atMost("added by the platform to a cold start (median)", median, 50, " ms")),
        List.of(), table);
  }

  /** Spawns the app alone and returns the milliseconds until its port accepts a connection. */
  private static long startAlone(String python, Path app) throws IOException, InterruptedException {
    int port = FreePorts.next();
    ProcessBuilder builder = new ProcessBuilder(python, app.toString()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("PORT", Integer.toString(port));
    long start = System.nanoTime();
    Process process = builder.start();
    try {
      while (true) {
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
          return (System.nanoTime() - start) / 1_000_000;
        } catch (IOException notYet) {
          if (!process.isAlive() || System.nanoTime() - start > 30_000_000_000L) {
            throw new IllegalStateException("the bench app did not listen on " + port + " alone", notYet);
          }
          Thread.sleep(1);
        }
      }
    } finally {
      process.destroy();
      process.waitFor();
    }
  }

  /** When the platform spawned the replica listening on {@code port}: its log's last start line for that port. */
  private static long spawnedAt(Path dataDir, int port) throws IOException {
    Path logs = dataDir.resolve("serving").resolve("logs").resolve(NAMESPACE);
    long at = -1;
    try (Stream<Path> files = Files.walk(logs)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".log")).toList()) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          Matcher m = SPAWNED.matcher(line);
          if (m.find() && Integer.parseInt(m.group(2)) == port) {
            at = Instant.parse(m.group(1)).toEpochMilli();
          }
        }
      }
    }
    if (at < 0) {
      throw new IllegalStateException("no replica log under " + logs + " says it started on PORT=" + port);
    }
    return at;
  }

  /** The Python interpreter itself (not a version manager's shim, whose own start would count as the app's). */
  private static String pythonExecutable() throws IOException, InterruptedException {
    Process probe = new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)").start();
    String path = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (probe.waitFor() != 0 || path.isEmpty()) {
      throw new IllegalStateException("the cold-start scenario needs python3 on PATH");
    }
    return path;
  }

  private static Path appScript() throws URISyntaxException {
    var url = ColdStartScenario.class.getResource("/bench/quick_app.py");
    if (url == null || !"file".equals(url.getProtocol())) {
      throw new IllegalStateException("bench/quick_app.py is not on the classpath as a file: " + url);
    }
    return Path.of(url.toURI());
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
