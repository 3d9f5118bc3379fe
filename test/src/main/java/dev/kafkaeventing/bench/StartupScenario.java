package dev.kafkaeventing.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Start to ready with embedded Kafka: the platform ({@code up} without {@code --bootstrap-servers})
 * restarted on a data directory holding 100 resources (Brokers with Triggers), timed from process
 * start to {@code /readyz} and to events flowing through every Broker. References: the first start
 * on an empty directory, and a restart with no resources.
 */
final class StartupScenario implements Scenario {

  private static final Duration LIMIT = Duration.ofSeconds(180);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** The same on every start: the restarts must find what the earlier starts applied. */
  private static final String INSTANCE = "bench-startup";

  @Override
  public String id() {
    return "startup";
  }

  @Override
  public ScenarioResult run(BenchContext ctx) throws Exception {
    BenchConfig config = ctx.config();
    Path dataDir = ctx.newDataDir("startup");
    List<List<String>> table = new ArrayList<>();
    table.add(List.of("start", "resources", "start → /readyz (s)", "start → events through every Broker (s)",
        "RSS (MiB)", "heap used (MiB)", "load avg (1 min)"));
    int brokers = config.startupBrokers();
    int triggersPerBroker = config.startupResources() / brokers - 1;
    int resources = brokers * (1 + triggersPerBroker);

    ctx.log("startup: first start, empty data directory");
    try (PlatformNode first = PlatformNode.start(config, "startup-first", INSTANCE, null, dataDir)) {
      table.add(row("first (formats Kafka's storage)", 0, first.awaitReady(LIMIT), null, first));
    }
    ctx.log("startup: restart, no resources");
    try (PlatformNode empty = PlatformNode.start(config, "startup-empty", INSTANCE, null, dataDir)) {
      table.add(row("restart (reference)", 0, empty.awaitReady(LIMIT), null, empty));
      ctx.log("startup: applying %d resources", resources);
      List<String> documents = new ArrayList<>();
      for (int b = 0; b < brokers; b++) {
        String namespace = namespace(b);
        documents.add(Yaml.broker(namespace, "default"));
        for (int t = 0; t < triggersPerBroker; t++) {
          documents.add(Yaml.trigger(namespace, "t" + t, "default", null, ctx.subscriber().url("/" + namespace + "/t" + t)));
        }
      }
      empty.admin().apply(Yaml.documents(documents));
      for (int b = 0; b < brokers; b++) {
        DeliveryPhase.awaitReady(empty, "trigger", namespace(b), triggersPerBroker, LIMIT);
      }
      if (!flowing(ctx, empty, brokers, LIMIT)) {
        throw new IllegalStateException("events did not flow before the restart");
      }
    }
    ctx.log("startup: restart with %d resources", resources);
    long phaseStart = System.nanoTime();
    ctx.subscriber().newPhase(phaseStart, 0);
    Duration ready;
    Duration flowing;
    try (PlatformNode full = PlatformNode.start(config, "startup-" + resources, INSTANCE, null, dataDir)) {
      ready = full.awaitReady(LIMIT);
      flowing = flowing(ctx, full, brokers, LIMIT) ? Duration.ofNanos(System.nanoTime() - full.startedNanos()) : null;
      table.add(row("restart", resources, ready, flowing, full));
    }
    double flowingSeconds = flowing == null ? Double.NaN : flowing.toMillis() / 1000.0;
    return new ScenarioResult(id(), "Start to ready, embedded Kafka, " + resources + " resources", method(brokers, triggersPerBroker),
        List.of(), List.of(
            TargetCheck.atMost("start → /readyz with " + resources + " resources", ready.toMillis() / 1000.0, 10, " s"),
            TargetCheck.atMost("start → events through every Broker", flowingSeconds, 10, " s")),
        List.of(), table);
  }

  private static String namespace(int broker) {
    return "bench-startup-" + broker;
  }

  /**
   * Posts one event to every Broker (again every 200 ms until accepted) and waits until each Broker's
   * Triggers delivered it.
   */
  private static boolean flowing(BenchContext ctx, PlatformNode node, int brokers, Duration limit)
      throws InterruptedException {
    long start = System.nanoTime();
    ctx.subscriber().newPhase(start, 0);
    boolean[] accepted = new boolean[brokers];
    return Waits.until(() -> {
      boolean all = true;
      for (int b = 0; b < brokers; b++) {
        if (!accepted[b]) {
          accepted[b] = post(node.brokerUrl(namespace(b), "default"));
        }
        all &= accepted[b] && ctx.subscriber().tally("/" + namespace(b) + "/").deliveries() > 0;
      }
      return all;
    }, limit, Duration.ofMillis(200));
  }

  private static boolean post(String url) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
        .header("ce-specversion", "1.0").header("ce-id", "probe-" + System.nanoTime()).header("ce-source", "/bench")
        .header("ce-type", "bench.probe").header(BenchEvents.SENT_HEADER, Long.toString(System.nanoTime()))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 202;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static List<String> row(String start, int resources, Duration ready, Duration flowing, PlatformNode node) {
    ProcFs.ProcessSample sample = ProcFs.sample(node.pid());
    return List.of(start, Integer.toString(resources), seconds(ready), flowing == null ? "n/a" : seconds(flowing),
        Format.mebibytes(sample.rssBytes()), Format.mebibytes(JvmHeap.used(node.pid())),
        Format.number(ProcFs.loadAverage()[0]));
  }

  private static String seconds(Duration duration) {
    return String.format(java.util.Locale.ROOT, "%.2f", duration.toMillis() / 1000.0);
  }

  private static String method(int brokers, int triggers) {
    return "The platform with embedded Kafka (one process), timed from process start (the bench forks the JVM) to "
        + "/readyz answering 200, and to one event POSTed to each Broker (retried every 200 ms until accepted) "
        + "having reached its Triggers' subscriber. First start on an empty data directory, a restart with no "
        + "resources (the reference), then " + brokers + " Brokers with " + triggers + " Triggers each are applied "
        + "and the platform is restarted on that directory.";
  }
}
