package dev.kafkaeventing.platform.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of the commands that talk to a running platform: prints a failure's message, exits 1.
 * Flushes what the command printed before returning: picocli's writer flushes only on
 * {@code println}, and {@code main} exits the JVM right after.
 */
abstract class AdminCommand implements Callable<Integer> {

  @Mixin ServerOption server;
  @Spec CommandSpec spec;

  @Override
  public final Integer call() {
    try (AdminApi api = server.connect()) {
      run(api, spec.commandLine().getOut());
      return 0;
    } catch (CliException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return 1;
    } finally {
      spec.commandLine().getOut().flush();
    }
  }

  abstract void run(AdminApi api, PrintWriter out);
}
