package dev.kafkaeventing.bench;

import dev.kafkaeventing.harness.PlatformProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One instance vs three of one deployment ({@code up --bootstrap-servers … --instance-name …}) on
 * one Kafka, in one run: ingress closed loop with the same total number of connections, split
 * evenly over the instances' ingresses, 1 KiB binary events to one Broker (10 partitions), after a
 * warm-up; arrangements alternate (1, 3, 1, 3). Prints a Markdown table: accepted events/s, the
 * platforms' summed CPU per event, latency. Kafka runs in its own process and is the same for all
 * rounds. Usage: {@code InstancesBench [seconds] [connections]}.
 */
public final class InstancesBench {

  private InstancesBench() {}

  public static void main(String[] args) throws Exception {
    Duration duration = Duration.ofSeconds(args.length > 0 ? Integer.parseInt(args[0]) : 15);
    int connections = args.length > 1 ? Integer.parseInt(args[1]) : 48;
    Path dir = Files.createTempDirectory("instances-bench");
    int kafkaPort = freePort();
    Process kafka = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-cp", System.getProperty("java.class.path"), "dev.kafkaeventing.platform.Main", "kafka",
        "--data-dir", dir.resolve("kafka").toString(), "--port", Integer.toString(kafkaPort),
        "--controller-port", Integer.toString(freePort()))
        .redirectErrorStream(true).redirectOutput(dir.resolve("kafka.log").toFile()).start();
    try {
      if (!Waits.until(() -> accepts(kafkaPort), Duration.ofSeconds(120))) {
        throw new IllegalStateException("Kafka did not start: see " + dir.resolve("kafka.log"));
      }
      String bootstrap = "127.0.0.1:" + kafkaPort;
      List<String> rows = new ArrayList<>();
      double[] rates = new double[2];
      int round = 0;
      for (int instances : new int[] {1, 3, 1, 3}) {
        round++;
        rows.add(round(round, instances, bootstrap, dir, duration, connections, rates));
        System.out.println(rows.get(rows.size() - 1));
      }
      System.out.println();
      System.out.println("| round | instances | events/s | platforms' CPU µs/event | p50 ms | p99 ms | not accepted |");
      System.out.println("|---|---|---|---|---|---|---|");
      rows.forEach(System.out::println);
      System.out.printf("%nthree instances: %.2f× one instance's events/s (sum of both rounds)%n", rates[1] / rates[0]);
    } finally {
      kafka.destroy();
      kafka.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static String round(int round, int instances, String bootstrap, Path dir, Duration duration,
      int connections, double[] rates) throws Exception {
    String name = "bench-" + round;
    List<PlatformProcess> platforms = new ArrayList<>();
    List<LoadGenerator> loads = new ArrayList<>();
    ExecutorService threads = Executors.newFixedThreadPool(instances);
    try {
      for (int i = 0; i < instances; i++) {
        platforms.add(PlatformProcess.builder(dir.resolve(name + "-" + i), name).bootstrapServers(bootstrap)
            .args(List.of("--default-partitions", "10")).start());
      }
      for (PlatformProcess platform : platforms) {
        platform.awaitReady(Duration.ofSeconds(120));
      }
      platforms.get(0).admin().apply(Yaml.broker("bench", "default"));
      List<URI> targets = new ArrayList<>();
      BenchEvents events = new BenchEvents(1024, 100);
      for (PlatformProcess platform : platforms) {
        URI target = URI.create(platform.ingressUrl() + "/bench/default");
        LoadGenerator load = new LoadGenerator(connections / instances, 1);
        loads.add(load);
        targets.add(target);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (load.closedLoop(target, events, Duration.ofSeconds(1)).accepted() == 0) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("an instance's ingress never accepted an event");
          }
        }
      }
      inParallel(threads, loads, targets, events, Duration.ofSeconds(10));
      long cpuBefore = cpu(platforms);
      List<PhaseResult> results = inParallel(threads, loads, targets, events, duration);
      long cpuAfter = cpu(platforms);
      long accepted = results.stream().mapToLong(PhaseResult::accepted).sum();
      long notAccepted = results.stream().mapToLong(r -> r.rejected() + r.failed()).sum();
      double perSecond = results.stream().mapToDouble(PhaseResult::acceptedPerSecond).sum();
      rates[instances == 1 ? 0 : 1] += perSecond;
      double p50 = results.stream().mapToDouble(r -> r.latency().p50Ms()).max().orElse(0);
      double p99 = results.stream().mapToDouble(r -> r.latency().p99Ms()).max().orElse(0);
      return String.format("| %d | %d | %,.0f | %.1f | %.2f | %.2f | %,d |", round, instances, perSecond,
          (cpuAfter - cpuBefore) / 1e3 / Math.max(1, accepted), p50, p99, notAccepted);
    } finally {
      threads.shutdownNow();
      loads.forEach(LoadGenerator::close);
      platforms.forEach(PlatformProcess::close);
    }
  }

  private static List<PhaseResult> inParallel(ExecutorService threads, List<LoadGenerator> loads, List<URI> targets,
      BenchEvents events, Duration duration) throws Exception {
    List<Future<PhaseResult>> running = new ArrayList<>();
    for (int i = 0; i < loads.size(); i++) {
      LoadGenerator load = loads.get(i);
      URI target = targets.get(i);
      running.add(threads.submit(() -> load.closedLoop(target, events, duration)));
    }
    List<PhaseResult> results = new ArrayList<>();
    for (Future<PhaseResult> result : running) {
      results.add(result.get());
    }
    return results;
  }

  private static long cpu(List<PlatformProcess> platforms) {
    return platforms.stream().mapToLong(p -> ProcFs.sample(p.pid()).cpuNanos()).sum();
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
