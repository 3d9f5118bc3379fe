package dev.kafkaeventing.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The serving activator's cost: the same trivial app ({@link BenchApp}, one replica, kept warm)
 * driven closed loop by the same load generator, directly on its port (the reference), through the
 * activator, and through nginx when it is installed ({@link NginxReference}: what a C proxy costs on
 * the same machine in the same run), in alternating rounds.
 */
final class ActivatorScenario implements Scenario {

  static final String NAMESPACE = "bench-activator";
  /** Rounds of direct, activator, nginx: alternating, so each ratio is of phases minutes apart at most. */
  private static final int ROUNDS = 2;

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
    Optional<Path> nginxBinary = NginxReference.find();
    NginxReference nginx = null;
    try {
      node.admin().apply(service);
      DeliveryPhase.awaitReady(node, "ksvc", NAMESPACE, 1, Duration.ofSeconds(60));
      URI viaActivator = URI.create(node.activatorUrl() + "/" + NAMESPACE + "/app");
      int appPort = appPort(viaActivator);
      URI direct = URI.create("http://127.0.0.1:" + appPort + "/");
      BenchEvents events = new BenchEvents(1024, 100);
      Warmup.run(ctx, node, id(), () -> ctx.load().closedLoop(viaActivator, events, config.warmup()));
      ctx.load().closedLoop(direct, events, config.warmup());
      String noNginx = "nginx is not installed (PATH, /usr/sbin/nginx): no reference proxy row.";
      if (nginxBinary.isPresent()) {
        try {
          nginx = NginxReference.start(nginxBinary.get(), config.workDir().resolve("nginx"), appPort,
              config.connections());
          ctx.load().closedLoop(nginx.url(), events, config.warmup());
        } catch (IOException | IllegalStateException failed) {
          noNginx = "nginx (" + nginxBinary.get() + ") did not start, so no reference proxy row: " + failed.getMessage();
        }
      }
      if (nginx == null) {
        ctx.log("activator: %s", noNginx);
      }

      List<Figure> figures = new ArrayList<>();
      List<Round> rounds = new ArrayList<>();
      for (int round = 1; round <= ROUNDS; round++) {
        rounds.add(round(ctx, node, round, direct, viaActivator, nginx, events, figures));
      }
      return new ScenarioResult(id(), "Activator: a trivial app through the activator vs directly"
              + (nginx == null ? "" : " and through nginx"),
          "The bench's load generator POSTs 1 KiB requests over " + config.connections() + " keep-alive connections, "
              + "closed loop, to a trivial Netty app run as a Knative Service (one replica, min-scale and max-scale 1): "
              + "on the app's own port, through the activator (route by path) and, when nginx is installed (on the "
              + "PATH or /usr/sbin/nginx), through nginx as a reverse proxy to the same replica (one worker, "
              + "keep-alive to the app, no access log), for reference; each round runs the three in that order, "
              + ROUNDS + " rounds, same duration, same run, and each round's rows are compared with its own direct row. "
              + "Platform CPU is the activator's side only; on nginx rows the CPU columns are nginx's processes.",
          figures, checks(rounds, nginx != null), nginx == null ? List.of(noNginx) : notes(rounds), List.of());
    } finally {
      if (nginx != null) {
        nginx.close();
      }
      node.admin().delete(service);
      ctx.release(node);
    }
  }

  /** One round's figures: the app directly, through the activator, through nginx (null when absent). */
  private record Round(PhaseResult direct, PhaseResult activator, double loopMicros, Usage activatorUsage,
      PhaseResult nginx, Usage nginxUsage) {

    double activatorRatio() {
      return activator.acceptedPerSecond() / direct.acceptedPerSecond();
    }

    double addedP50() {
      return activator.latency().p50Ms() - direct.latency().p50Ms();
    }
  }

  private Round round(BenchContext ctx, PlatformNode node, int round, URI direct, URI viaActivator,
      NginxReference nginx, BenchEvents events, List<Figure> figures) throws Exception {
    BenchConfig config = ctx.config();
    String phase = round == 1 ? Figure.MAX : Figure.MAX + ", round " + round;
    String note = config.connections() + " connections, closed loop";
    ctx.log("activator: round %d, app directly, closed loop on %d connections for %s", round, config.connections(),
        config.duration());
    PhaseResult plain = ctx.load().closedLoop(direct, events, config.duration());
    figures.add(new Figure("app directly", phase, true, plain.acceptedPerSecond(), plain.latency(),
        "request → 200", null, -1, IngressScenario.outcome(plain) + note));

    ctx.log("activator: round %d, through the activator, same load", round);
    Map<Long, Map.Entry<String, Long>> threadsBefore = ThreadCpu.sample(node.pid());
    Measurement measurement = ctx.measure(node);
    PhaseResult proxied = ctx.load().closedLoop(viaActivator, events, config.duration());
    Usage usage = measurement.end(proxied.accepted());
    Map<String, Double> threads = ThreadCpu.breakdown(threadsBefore, ThreadCpu.sample(node.pid()));
    double loopMicros = threads.getOrDefault("activator event loops", 0.0) * 1e6 / Math.max(1, proxied.accepted());
    ctx.log("activator: its event loops used %.1f µs of CPU per request (the platform's other threads: %s)",
        loopMicros, threads);
    figures.add(new Figure("through the activator", phase, false, proxied.acceptedPerSecond(), proxied.latency(),
        "request → 200", usage, JvmHeap.used(node.pid()), IngressScenario.outcome(proxied) + note
        + String.format(Locale.ROOT, "; activator event loops %.1f µs CPU per request", loopMicros)));
    ctx.log("activator: %.0f req/s directly, %.0f req/s through the activator", plain.acceptedPerSecond(),
        proxied.acceptedPerSecond());
    if (nginx == null) {
      return new Round(plain, proxied, loopMicros, usage, null, null);
    }

    ctx.log("activator: round %d, through nginx, same load", round);
    long benchPid = ProcessHandle.current().pid();
    ProcFs.MachineCpu machineBefore = ProcFs.machineCpu();
    long benchBefore = ProcFs.sample(benchPid).cpuNanos();
    long nginxBefore = nginx.cpuNanos();
    long start = System.nanoTime();
    PhaseResult viaNginx = ctx.load().closedLoop(nginx.url(), events, config.duration());
    double wall = System.nanoTime() - start;
    long nginxCpu = nginx.cpuNanos() - nginxBefore;
    long others = ProcFs.machineCpu().busyNanos() - machineBefore.busyNanos() - nginxCpu
        - (ProcFs.sample(benchPid).cpuNanos() - benchBefore);
    Usage nginxUsage = new Usage(wall / 1e9, nginxCpu / (1_000.0 * Math.max(1, viaNginx.accepted())),
        nginxCpu / wall, Double.NaN, Double.NaN, Math.max(0, others) / wall, -1, -1, ProcFs.loadAverage()[0]);
    ctx.log("activator: %.0f req/s through nginx, %.1f µs of nginx CPU per request (%.2f cores)",
        viaNginx.acceptedPerSecond(), nginxUsage.platformCpuMicrosPerEvent(), nginxUsage.platformCores());
    figures.add(new Figure("through nginx (reference proxy)", phase, false, viaNginx.acceptedPerSecond(),
        viaNginx.latency(), "request → 200", nginxUsage, -1, IngressScenario.outcome(viaNginx) + note
        + "; " + NginxReference.WORKERS + " worker; CPU columns are nginx's (master and worker), not the platform's"));
    return new Round(plain, proxied, loopMicros, usage, viaNginx, nginxUsage);
  }

  private static List<TargetCheck> checks(List<Round> rounds, boolean withNginx) {
    List<TargetCheck> checks = new ArrayList<>();
    checks.add(TargetCheck.atLeast("requests/s through the activator ÷ the app directly (mean of the rounds)",
        mean(rounds, Round::activatorRatio), 0.70, "×"));
    checks.add(TargetCheck.atMost("p50 added by the activator (mean of the rounds)", mean(rounds, Round::addedP50),
        1.0, " ms"));
    if (withNginx) {
      checks.add(TargetCheck.informative("requests/s through nginx ÷ the app directly (same rounds, reference proxy)",
          mean(rounds, r -> r.nginx().acceptedPerSecond() / r.direct().acceptedPerSecond()), "×"));
      checks.add(TargetCheck.informative("requests/s, activator ÷ nginx (same rounds)",
          mean(rounds, r -> r.activator().acceptedPerSecond() / r.nginx().acceptedPerSecond()), "×"));
      checks.add(TargetCheck.informative("CPU per request, activator event loops ÷ nginx (same rounds)",
          mean(rounds, r -> r.loopMicros() / r.nginxUsage().platformCpuMicrosPerEvent()), "×"));
    }
    return checks;
  }

  private static List<String> notes(List<Round> rounds) {
    List<String> notes = new ArrayList<>();
    for (int i = 0; i < rounds.size(); i++) {
      Round r = rounds.get(i);
      notes.add(String.format(Locale.ROOT, "Round %d, activator ÷ nginx: %.2f× the requests/s (%.2f× against "
              + "%.2f× of the direct rate); CPU per request %.1f µs in the activator's event loops (%.1f µs the "
              + "whole platform) against %.1f µs in nginx: %.2f× (%.2f×).", i + 1,
          r.activator().acceptedPerSecond() / r.nginx().acceptedPerSecond(), r.activatorRatio(),
          r.nginx().acceptedPerSecond() / r.direct().acceptedPerSecond(), r.loopMicros(),
          r.activatorUsage().platformCpuMicrosPerEvent(), r.nginxUsage().platformCpuMicrosPerEvent(),
          r.loopMicros() / r.nginxUsage().platformCpuMicrosPerEvent(),
          r.activatorUsage().platformCpuMicrosPerEvent() / r.nginxUsage().platformCpuMicrosPerEvent()));
    }
    return notes;
  }

  private static double mean(List<Round> rounds, java.util.function.ToDoubleFunction<Round> value) {
    return rounds.stream().mapToDouble(value).average().orElse(Double.NaN);
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
