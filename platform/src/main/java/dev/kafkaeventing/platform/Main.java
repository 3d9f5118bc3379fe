package dev.kafkaeventing.platform;

import dev.kafkaeventing.core.BufferLeakDetection;
import dev.kafkaeventing.platform.cli.ApplyCommand;
import dev.kafkaeventing.platform.cli.CliErrors;
import dev.kafkaeventing.platform.cli.DeleteCommand;
import dev.kafkaeventing.platform.cli.LogsCommand;
import dev.kafkaeventing.platform.cli.DescribeCommand;
import dev.kafkaeventing.platform.cli.DisplayCommand;
import dev.kafkaeventing.platform.cli.GetCommand;
import dev.kafkaeventing.platform.cli.KafkaCommand;
import dev.kafkaeventing.platform.cli.ParkedCommand;
import dev.kafkaeventing.platform.cli.ReplayCommand;
import dev.kafkaeventing.platform.cli.SendCommand;
import dev.kafkaeventing.platform.cli.TailCommand;
import dev.kafkaeventing.platform.cli.TraceCommand;
import dev.kafkaeventing.platform.cli.UpCommand;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kafka-eventing} command line: runs the platform and manages its resources. */
@Command(
    name = "kafka-eventing",
    mixinStandardHelpOptions = true,
    version = "kafka-eventing 0.1.0",
    description = "Knative Eventing's API on Apache Kafka's guarantees.")
public final class Main {

  /**
   * The subcommands, in the order help lists them. Registered in code rather than in the
   * annotation so that a run builds (by reflection) only the one it runs: a CLI call then starts
   * faster.
   */
  private static final Map<String, Supplier<Object>> COMMANDS = commands();

  private static Map<String, Supplier<Object>> commands() {
    Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
    commands.put("up", UpCommand::new);
    commands.put("kafka", KafkaCommand::new);
    commands.put("apply", ApplyCommand::new);
    commands.put("get", GetCommand::new);
    commands.put("describe", DescribeCommand::new);
    commands.put("delete", DeleteCommand::new);
    commands.put("parked", ParkedCommand::new);
    commands.put("replay", ReplayCommand::new);
    commands.put("display", DisplayCommand::new);
    commands.put("logs", LogsCommand::new);
    commands.put("send", SendCommand::new);
    commands.put("tail", TailCommand::new);
    commands.put("trace", TraceCommand::new);
    return commands;
  }

  public static void main(String[] args) {
    BufferLeakDetection.offUnlessConfigured();
    System.exit(commandLine(args).execute(args));
  }

  /** Runs the command line without exiting the JVM; returns the exit code. */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The command line with every subcommand and the CLI's error format (see {@link CliErrors}). */
  public static CommandLine commandLine() {
    return forFirstArgument(null);
  }

  /**
   * The command line for a run with these arguments: only the subcommand the first names when it
   * names one, else all of them (for help and for picocli's "did you mean" on a misspelt one).
   */
  public static CommandLine commandLine(String[] args) {
    return forFirstArgument(args.length == 0 ? null : args[0]);
  }

  private static CommandLine forFirstArgument(String first) {
    CommandLine commandLine = new CommandLine(new Main());
    COMMANDS.forEach((name, command) -> {
      if (first == null || !COMMANDS.containsKey(first) || first.equals(name)) {
        commandLine.addSubcommand(name, command.get());
      }
    });
    // No @file expansion: `send --data @FILE` reads the file itself, as `kn event send` does.
    return CliErrors.install(commandLine.setCaseInsensitiveEnumValuesAllowed(true).setExpandAtFiles(false));
  }

  /** Runs the command line with its output going to the given writers (for embedding and tests). */
  public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    return commandLine().setOut(out).setErr(err).execute(args);
  }
}
