package dev.kafkaeventing.bench;

import dev.kafkaeventing.harness.PlatformProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Ingress plain vs TLS vs TLS with publisher authentication, in one run: platforms started in turn
 * (plain, TLS, TLS + OIDC, twice) as {@code up} starts them (admin tokens on in all), each fed 1 KiB
 * binary events by the bench's load generator over keep-alive connections, closed loop, after a
 * warm-up. With OIDC every request carries a bearer token for the Broker's audience, signed with the
 * platform's own key (its verifier caches a verified token, as it would a publisher's reused one).
 * Prints a Markdown table: events/s, platform CPU per event and latency, and each mode's events/s
 * as a share of plain. Usage: {@code SecurityBench [seconds] [connections]}; needs {@code openssl}.
 */
public final class SecurityBench {

  private SecurityBench() {}

  public static void main(String[] args) throws Exception {
    Duration duration = Duration.ofSeconds(args.length > 0 ? Integer.parseInt(args[0]) : 15);
    int connections = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    Path dir = Files.createTempDirectory("security-bench");
    Path cert = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
        "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days", "2",
        "-subj", "/CN=bench", "-addext", "subjectAltName=IP:127.0.0.1").inheritIO().start();
    if (!openssl.waitFor(30, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
      throw new IllegalStateException("openssl could not make the certificate");
    }
    List<String> rows = new ArrayList<>();
    double[] rates = new double[Mode.values().length];
    int round = 0;
    for (int pass = 0; pass < 2; pass++) {
      for (Mode mode : Mode.values()) {
        round++;
        List<String> flags = new ArrayList<>();
        if (mode != Mode.PLAIN) {
          flags.addAll(List.of("--tls-cert", cert.toString(), "--tls-key", key.toString()));
        }
        if (mode == Mode.TLS_AND_OIDC) {
          flags.addAll(List.of("--auth", "oidc"));
        }
        Path dataDir = dir.resolve("data-" + round);
        try (PlatformProcess platform = PlatformProcess.builder(dataDir, "bench")
            .args(flags).startReady(Duration.ofSeconds(120));
            LoadGenerator load = new LoadGenerator(connections, 1, mode != Mode.PLAIN ? Files.readString(cert) : null)) {
          platform.admin().apply(Yaml.broker("bench", "default"));
          URI target = URI.create(platform.ingressUrl() + "/bench/default");
          BenchEvents events = mode == Mode.TLS_AND_OIDC
              ? new BenchEvents(1024, 100, "Bearer " + BrokerToken.signedByPlatform(dataDir, platform.adminUrl(), "bench", "default"))
              : new BenchEvents(1024, 100);
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
          while (load.closedLoop(target, events, Duration.ofSeconds(1)).accepted() == 0) {
            if (System.nanoTime() > deadline) {
              throw new IllegalStateException("the broker never accepted an event (" + mode.label + ")");
            }
          }
          load.closedLoop(target, events, Duration.ofSeconds(10));
          ProcFs.ProcessSample before = ProcFs.sample(platform.pid());
          PhaseResult result = load.closedLoop(target, events, duration);
          ProcFs.ProcessSample after = ProcFs.sample(platform.pid());
          double cpuMicrosPerEvent = (after.cpuNanos() - before.cpuNanos()) / 1e3 / Math.max(1, result.accepted());
          rates[mode.ordinal()] += result.acceptedPerSecond();
          String row = String.format("| %d | %s | %,.0f | %.1f | %.2f | %.2f | %,d |", round, mode.label,
              result.acceptedPerSecond(), cpuMicrosPerEvent, result.latency().p50Ms(), result.latency().p99Ms(),
              result.rejected() + result.failed());
          System.out.println(row);
          rows.add(row);
        }
      }
    }
    System.out.println();
    System.out.println("| round | ingress | events/s | platform CPU µs/event | p50 ms | p99 ms | not accepted |");
    System.out.println("|---|---|---|---|---|---|---|");
    rows.forEach(System.out::println);
    System.out.println();
    for (Mode mode : Mode.values()) {
      System.out.printf("%s: %.0f %% of plain's events/s (sum of both passes)%n", mode.label,
          rates[mode.ordinal()] / rates[Mode.PLAIN.ordinal()] * 100);
    }
  }

  private enum Mode {
    PLAIN("HTTP"), TLS("HTTPS"), TLS_AND_OIDC("HTTPS + OIDC token");

    final String label;

    Mode(String label) {
      this.label = label;
    }
  }
}
