package dev.kafkaeventing.bench;

import java.util.Map;

/**
 * Warms a fresh platform JVM up: runs chunks of load until its JIT compiler threads use less than a
 * tenth of its CPU (so measured phases see compiled code, not the compiler at work), at least one
 * chunk and at most {@link BenchConfig#maxWarmup()}.
 */
final class Warmup {

  /** One chunk of load. */
  @FunctionalInterface
  interface Chunk {
    void run() throws Exception;
  }

  private static final double SETTLED_JIT_SHARE = 0.10;

  private Warmup() {}

  static void run(BenchContext ctx, PlatformNode node, String what, Chunk chunk) throws Exception {
    BenchConfig config = ctx.config();
    if (config.warmup().isZero()) {
      return;
    }
    long start = System.nanoTime();
    while (true) {
      Map<Long, Map.Entry<String, Long>> before = ThreadCpu.sample(node.pid());
      chunk.run();
      Map<String, Double> cpu = ThreadCpu.breakdown(before, ThreadCpu.sample(node.pid()));
      double total = cpu.values().stream().mapToDouble(Double::doubleValue).sum();
      double share = total <= 0 ? 0 : cpu.getOrDefault("JIT", 0.0) / total;
      long elapsed = System.nanoTime() - start;
      ctx.log("%s: warm-up %.0f s, JIT at %.0f%% of the platform's CPU", what, elapsed / 1e9, 100 * share);
      if (share < SETTLED_JIT_SHARE || elapsed >= config.maxWarmup().toNanos()) {
        return;
      }
    }
  }
}
