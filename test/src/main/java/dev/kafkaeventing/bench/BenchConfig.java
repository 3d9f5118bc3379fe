package dev.kafkaeventing.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of one benchmark run. Immutable; built by {@link BenchMain} from flags, or by a test.
 *
 * @param outDir where BENCHMARKS.md and the plot are written
 * @param workDir data directories and child process logs
 * @param scenarios which scenarios run, in order ({@link Scenarios#ALL} names them)
 * @param warmup one chunk of warm-up load (not counted); chunks repeat until the platform's JIT
 *     settles, up to {@code maxWarmup}
 * @param maxWarmup the longest warm-up of one platform
 * @param duration each measured phase
 * @param connections keep-alive connections of the load generator (and of {@code hey})
 * @param fanOut trigger counts of the fan-out scenario, each run at 1% match (and, up to 100, with
 *     every Trigger matching all); its reference is 1 Trigger matching all, whatever the counts
 * @param slowDelay how long the slow subscriber holds each answer
 * @param startupBrokers brokers of the start-to-ready scenario, each with {@code startupResources
 *     / startupBrokers - 1} triggers
 * @param startupResources resources of the start-to-ready scenario
 * @param producerPerfRecords records of Kafka's producer benchmark (the ingress reference)
 * @param bootstrapServers an existing Kafka to use, or null to start one as a child process
 * @param platformClasspath classpath of the platform and Kafka child processes
 * @param toolsClasspath classpath of Kafka's producer benchmark child process
 * @param platformJvmOptions JVM options of the platform; {@code {label}} becomes the scenario's label
 * @param platformArgs extra arguments of {@code kafka-eventing up} (e.g. {@code --max-in-flight-per-trigger})
 * @param kafkaJvmOptions JVM options of the Kafka child process
 * @param reusePlatform one platform for all scenarios (fast, for smoke runs) instead of one each
 * @param hey path of {@code hey}, or null to skip the cross-check
 * @param command the command line to show in the report
 */
public record BenchConfig(
    Path outDir,
    Path workDir,
    List<String> scenarios,
    Duration warmup,
    Duration maxWarmup,
    Duration duration,
    int connections,
    List<Integer> fanOut,
    Duration slowDelay,
    int startupBrokers,
    int startupResources,
    long producerPerfRecords,
    String bootstrapServers,
    String platformClasspath,
    String toolsClasspath,
    List<String> platformJvmOptions,
    List<String> platformArgs,
    List<String> kafkaJvmOptions,
    boolean reusePlatform,
    String hey,
    String command) {

  public BenchConfig {
    Objects.requireNonNull(outDir, "outDir");
    Objects.requireNonNull(workDir, "workDir");
    scenarios = List.copyOf(scenarios);
    for (String scenario : scenarios) {
      if (!Scenarios.known(scenario)) {
        throw new IllegalArgumentException("unknown scenario '" + scenario + "'; known: " + Scenarios.ALL
            + " and " + Scenarios.EXTRA);
      }
    }
    if (warmup.isNegative() || maxWarmup.compareTo(warmup) < 0 || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive, warmup not negative nor above maxWarmup");
    }
    if (connections < 1) {
      throw new IllegalArgumentException("connections must be at least 1");
    }
    fanOut = List.copyOf(fanOut);
    if (fanOut.isEmpty() || fanOut.stream().anyMatch(n -> n < 1)) {
      throw new IllegalArgumentException("fanOut needs trigger counts of at least 1");
    }
    if (startupBrokers < 1 || startupResources < 2 * startupBrokers) {
      throw new IllegalArgumentException("startupResources must give each of the startupBrokers a trigger");
    }
    Objects.requireNonNull(platformClasspath, "platformClasspath");
    Objects.requireNonNull(toolsClasspath, "toolsClasspath");
    platformJvmOptions = List.copyOf(platformJvmOptions);
    platformArgs = List.copyOf(platformArgs);
    kafkaJvmOptions = List.copyOf(kafkaJvmOptions);
    Objects.requireNonNull(command, "command");
  }

  /** The platform's JVM options for the scenario labelled {@code label}. */
  List<String> platformJvmOptionsFor(String label) {
    return platformJvmOptions.stream().map(option -> option.replace("{label}", label)).toList();
  }

  /** A copy that runs only {@code names}. */
  public BenchConfig withScenarios(List<String> names) {
    return new BenchConfig(outDir, workDir, names, warmup, maxWarmup, duration, connections, fanOut, slowDelay, startupBrokers,
        startupResources, producerPerfRecords, bootstrapServers, platformClasspath, toolsClasspath,
        platformJvmOptions, platformArgs, kafkaJvmOptions, reusePlatform, hey, command);
  }
}
