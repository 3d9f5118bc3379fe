package dev.kafkaeventing.it;

import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.PlatformHarness.CliResult;
import dev.kafkaeventing.platform.Main;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Runs the CLI in-process against a platform with its own output writers, so that only what the
 * command printed is captured ({@code PlatformHarness.cli} swaps {@code System.out}, which the
 * platform's own log lines reach too). Uses {@link Main#commandLine} (the CLI's error format), with writers that, like picocli's
 * defaults, are buffered and flush only on {@code println}. Thread-safe.
 */
final class CliRunner {

  private CliRunner() {}

  /** Runs a command against {@code platform} (its admin URL as {@code --server}). */
  static CliResult run(PlatformHarness platform, String... args) {
    String[] withServer = new String[args.length + 2];
    System.arraycopy(args, 0, withServer, 0, args.length);
    withServer[args.length] = "--server";
    withServer[args.length + 1] = platform.adminUrl();
    return run(withServer);
  }

  /** Runs a command line as given. */
  static CliResult run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.commandLine()
        .setOut(new PrintWriter(new BufferedWriter(out), true))
        .setErr(new PrintWriter(new BufferedWriter(err), true))
        .execute(args);
    return new CliResult(code, out.toString(), err.toString());
  }
}
