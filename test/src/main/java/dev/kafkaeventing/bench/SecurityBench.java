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
 * Ingress with TLS on vs plain, in one run: platforms started in turn (plain, TLS, plain, TLS) as
 * {@code up} starts them (admin tokens on in both), each fed 1 KiB binary events by the bench's
 * load generator over keep-alive connections, closed loop, after a warm-up. Prints a Markdown
 * table: events/s, platform CPU per event and latency. Usage: {@code SecurityBench [seconds]
 * [connections]}; needs {@code openssl} for the certificate.
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
    int round = 0;
    for (boolean tls : new boolean[] {false, true, false, true}) {
      round++;
      List<String> flags = tls ? List.of("--tls-cert", cert.toString(), "--tls-key", key.toString()) : List.of();
      try (PlatformProcess platform = PlatformProcess.builder(dir.resolve("data-" + round), "bench")
          .args(flags).startReady(Duration.ofSeconds(120));
          LoadGenerator load = new LoadGenerator(connections, 1, tls ? Files.readString(cert) : null)) {
        platform.admin().apply(Yaml.broker("bench", "default"));
        URI target = URI.create(platform.ingressUrl() + "/bench/default");
        BenchEvents events = new BenchEvents(1024, 100);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (load.closedLoop(target, events, Duration.ofSeconds(1)).accepted() == 0) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("the broker never accepted an event");
          }
        }
        load.closedLoop(target, events, Duration.ofSeconds(10));
        ProcFs.ProcessSample before = ProcFs.sample(platform.pid());
        PhaseResult result = load.closedLoop(target, events, duration);
        ProcFs.ProcessSample after = ProcFs.sample(platform.pid());
        double cpuMicrosPerEvent = (after.cpuNanos() - before.cpuNanos()) / 1e3 / Math.max(1, result.accepted());
        String row = String.format("| %d | %s | %,.0f | %.1f | %.2f | %.2f | %,d |", round, tls ? "HTTPS" : "HTTP",
            result.acceptedPerSecond(), cpuMicrosPerEvent, result.latency().p50Ms(), result.latency().p99Ms(),
            result.rejected() + result.failed());
        System.out.println(row);
        rows.add(row);
      }
    }
    System.out.println();
    System.out.println("| round | ingress | events/s | platform CPU µs/event | p50 ms | p99 ms | not accepted |");
    System.out.println("|---|---|---|---|---|---|---|");
    rows.forEach(System.out::println);
  }
}
