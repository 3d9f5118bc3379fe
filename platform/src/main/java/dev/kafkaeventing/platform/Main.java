package dev.kafkaeventing.platform;

import dev.kafkaeventing.platform.cli.ApplyCommand;
import dev.kafkaeventing.platform.cli.DeleteCommand;
import dev.kafkaeventing.platform.cli.DescribeCommand;
import dev.kafkaeventing.platform.cli.GetCommand;
import dev.kafkaeventing.platform.cli.KafkaCommand;
import dev.kafkaeventing.platform.cli.LogsCommand;
import dev.kafkaeventing.platform.cli.ParkedCommand;
import dev.kafkaeventing.platform.cli.ReplayCommand;
import dev.kafkaeventing.platform.cli.UpCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kafka-eventing} command line: runs the platform and manages its resources. */
@Command(
    name = "kafka-eventing",
    mixinStandardHelpOptions = true,
    version = "kafka-eventing 0.1.0",
    description = "Knative Eventing's API on Apache Kafka's guarantees.",
    subcommands = {
      UpCommand.class,
      KafkaCommand.class,
      ApplyCommand.class,
      GetCommand.class,
      DescribeCommand.class,
      DeleteCommand.class,
      ParkedCommand.class,
      ReplayCommand.class,
      LogsCommand.class
    })
public final class Main {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line without exiting the JVM; returns the exit code. */
  public static int run(String... args) {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
  }

  /** Runs the command line with its output going to the given writers (for embedding and tests). */
  public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true)
        .setOut(out).setErr(err).execute(args);
  }
}
