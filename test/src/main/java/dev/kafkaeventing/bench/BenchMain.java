package dev.kafkaeventing.bench;

import dev.kafkaeventing.core.BufferLeakDetection;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Entry point of {@code bin/bench}: parses flags, runs {@link Bench} and prints where the report
 * went. The only place that reads the environment ({@code KAFKA_EVENTING_JAVA_OPTS}, {@code PATH}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Run the benchmark scenarios on a self-started platform and write BENCHMARKS.md and benchmarks.svg.")
public final class BenchMain implements Callable<Integer> {

  @Option(names = "--out", defaultValue = ".", description = "Where BENCHMARKS.md and the plot go (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--work-dir", description = "Data and logs of the child processes (default: a new directory under /tmp).")
  Path workDir;

  @Option(names = "--scenarios", split = ",", description = "Scenarios to run, in order (default: all): ingress,batch,e2e,fanout,slow,sequence,startup,activator,coldstart,drain,kafkasource,kafkasink; also ingress-auth (not in the default set).")
  List<String> scenarios = Scenarios.ALL;

  @Option(names = "--warmup", defaultValue = "5s", converter = DurationConverter.class,
      description = "One chunk of warm-up load; chunks repeat until the platform's JIT settles.")
  Duration warmup;

  @Option(names = "--max-warmup", defaultValue = "60s", converter = DurationConverter.class,
      description = "The longest warm-up of one platform.")
  Duration maxWarmup;

  @Option(names = "--duration", defaultValue = "15s", converter = DurationConverter.class, description = "Each measured phase.")
  Duration duration;

  @Option(names = "--connections", defaultValue = "64") int connections;

  @Option(names = "--fanout", split = ",", description = "Trigger counts of the fan-out scenario, each run with every "
      + "Trigger matching 1%% of the events, and the counts from 2 to 100 also with every Trigger matching all; the "
      + "reference, always run, is 1 Trigger matching all (default: 1,10,100,1000).")
  List<Integer> fanOut = List.of(1, 10, 100, 1000);

  @Option(names = "--slow-delay", defaultValue = "2s", converter = DurationConverter.class) Duration slowDelay;
  @Option(names = "--startup-brokers", defaultValue = "10") int startupBrokers;
  @Option(names = "--startup-resources", defaultValue = "100") int startupResources;
  @Option(names = "--producer-perf-records", defaultValue = "1000000") long producerPerfRecords;

  @Option(names = "--bootstrap-servers", description = "Use this Kafka instead of starting one (its CPU is then not counted).")
  String bootstrapServers;

  @Option(names = "--platform-classpath", description = "Classpath of the platform and Kafka processes (default: this JVM's).")
  String platformClasspath;

  @Option(names = "--platform-java-opts", description = "JVM options of the platform; {label} becomes the scenario "
      + "(default: $KAFKA_EVENTING_JAVA_OPTS, else -Xms256m -Xmx2g, as bin/kafka-eventing).")
  String platformJavaOpts;

  @Option(names = "--platform-args", description = "Extra arguments of 'kafka-eventing up', e.g. \"--max-in-flight-per-trigger 500\".")
  String platformArgs = "";

  @Option(names = "--kafka-java-opts", defaultValue = "-Xms512m -Xmx1g") String kafkaJavaOpts;

  @Option(names = "--reuse-platform", description = "One platform for every scenario (quicker, less isolated).")
  boolean reusePlatform;

  @Option(names = "--hey", description = "Path of hey for the ingress cross-check (default: found on PATH); 'none' skips it.")
  String hey;

  @Option(names = "--command", description = "How this run was started, for the report.")
  String command;

  public static void main(String[] args) {
    // The load generator and subscriber run as the platform does (see BufferLeakDetection).
    BufferLeakDetection.offUnlessConfigured();
    // bin/bench passes defaults first; flags given after them win.
    System.exit(new CommandLine(new BenchMain()).setOverwrittenOptionsAllowed(true).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    String classpath = System.getProperty("java.class.path");
    String platformOpts = platformJavaOpts != null ? platformJavaOpts
        : System.getenv().getOrDefault("KAFKA_EVENTING_JAVA_OPTS", "-Xms256m -Xmx2g");
    Path work = workDir != null ? workDir : Path.of("/tmp", "kafka-eventing-bench",
        LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    BenchConfig config = new BenchConfig(out.toAbsolutePath(), work.toAbsolutePath(), scenarios, warmup,
        maxWarmup.compareTo(warmup) < 0 ? warmup : maxWarmup, duration,
        connections, fanOut, slowDelay, startupBrokers, startupResources, producerPerfRecords, bootstrapServers,
        platformClasspath != null ? platformClasspath : classpath, classpath, options(platformOpts),
        options(platformArgs), options(kafkaJavaOpts), reusePlatform, heyPath(), command != null ? command : "bin/bench");
    System.out.println("bench: work directory " + config.workDir());
    BenchReport report = Bench.run(config);
    System.out.println("bench: wrote " + config.outDir().resolve(Bench.REPORT) + " and " + config.outDir().resolve(Bench.PLOT));
    return report.scenarios().stream().anyMatch(ScenarioResult::isFailure) ? 1 : 0;
  }

  private static List<String> options(String options) {
    return Arrays.stream(options.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }

  private String heyPath() {
    if ("none".equals(hey)) {
      return null;
    }
    if (hey != null) {
      return hey;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File candidate = new File(dir, "hey");
      if (candidate.canExecute()) {
        return candidate.getPath();
      }
    }
    return null;
  }

  /** "15s", "500ms", "2m" or an ISO-8601 duration. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.trim().toLowerCase(java.util.Locale.ROOT);
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      if (v.endsWith("s")) {
        return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
      }
      if (v.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
      }
      return Duration.parse(value);
    }
  }
}
