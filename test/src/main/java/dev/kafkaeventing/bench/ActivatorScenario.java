package dev.kafkaeventing.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The serving activator's cost: the same trivial app ({@link BenchApp}, one replica, kept warm)
 * driven closed loop by the same load generator, once directly on its port (the reference) and
 * once through the activator, in the same run.
 */
final class ActivatorScenario implements Scenario {

  static final String NAMESPACE = "bench-activator";

  @Override
  public String id() {
    return "activator";
  }

  @Override
  public ScenarioResult run(BenchContext ctx) throws Exception {
    BenchConfig config = ctx.config();
    PlatformNode node = ctx.platform(id());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String service = """
          apiVersion: serving.knative.dev/v1
          kind: Service
          metadata:
            name: app
            namespace: %s
          spec:
            template:
              metadata:
                annotations: {autoscaling.knative.dev/min-scale: "1", autoscaling.knative.dev/max-scale: "1"}
              spec:
                containers:
                  - image: bench/app
                    command: ["%s", "-Xmx256m", "-cp", "%s", "%s"]
          """.formatted(NAMESPACE, java, System.getProperty("java.class.path"), BenchApp.class.getName());
    try {
      node.admin().apply(service);
      DeliveryPhase.awaitReady(node, "ksvc", NAMESPACE, 1, Duration.ofSeconds(60));
      URI viaActivator = URI.create(node.activatorUrl() + "/" + NAMESPACE + "/app");
      URI direct = URI.create("http://127.0.0.1:" + appPort(viaActivator) + "/");
      BenchEvents events = new BenchEvents(1024, 100);
      Warmup.run(ctx, node, id(), () -> ctx.load().closedLoop(viaActivator, events, config.warmup()));
      ctx.load().closedLoop(direct, events, config.warmup());

      ctx.log("activator: app directly, closed loop on %d connections for %s", config.connections(), config.duration());
      PhaseResult plain = ctx.load().closedLoop(direct, events, config.duration());
      ctx.log("activator: through the activator, same load");
      Map<Long, Map.Entry<String, Long>> threadsBefore = ThreadCpu.sample(node.pid());
      Measurement measurement = ctx.measure(node);
      PhaseResult proxied = ctx.load().closedLoop(viaActivator, events, config.duration());
      Usage usage = measurement.end(proxied.accepted());
      Map<String, Double> threads = ThreadCpu.breakdown(threadsBefore, ThreadCpu.sample(node.pid()));
      double loopMicros = threads.getOrDefault("activator event loops", 0.0) * 1e6 / Math.max(1, proxied.accepted());
      ctx.log("activator: its event loops used %.1f µs of CPU per request (the platform's other threads: %s)",
          loopMicros, threads);
      String note = config.connections() + " connections, closed loop";
      Figure reference = new Figure("app directly", Figure.MAX, true, plain.acceptedPerSecond(), plain.latency(),
          "request → 200", null, -1, IngressScenario.outcome(plain) + note);
      Figure activator = new Figure("through the activator", Figure.MAX, false, proxied.acceptedPerSecond(),
          proxied.latency(), "request → 200", usage, JvmHeap.used(node.pid()), IngressScenario.outcome(proxied) + note
          + String.format(Locale.ROOT, "; activator event loops %.1f µs CPU per request", loopMicros));
      ctx.log("activator: %.0f req/s directly, %.0f req/s through the activator", plain.acceptedPerSecond(),
          proxied.acceptedPerSecond());
      return new ScenarioResult(id(), "Activator: a trivial app through the activator vs directly",
          "The bench's load generator POSTs 1 KiB requests over " + config.connections() + " keep-alive connections, "
              + "closed loop, to a trivial Netty app run as a Knative Service (one replica, min-scale and max-scale 1): "
              + "first on the app's own port, then through the activator (route by path), same duration, same run. "
              + "Platform CPU is the activator's side only.",
          List.of(reference, activator), List.of(), List.of(), List.of());
    } finally {
      node.admin().delete(service);
      ctx.release(node);
    }
  }

  /** The app's port, from its answer through the activator ({@code port=<n>}). */
  private static int appPort(URI viaActivator) throws Exception {
    HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(viaActivator).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200 || !answer.body().startsWith("port=")) {
      throw new IllegalStateException("the app answered " + answer.statusCode() + ": " + answer.body());
    }
    return Integer.parseInt(answer.body().strip().substring(5));
  }
}
