package dev.kafkaeventing.platform.cli;

import dev.kafkaeventing.crds.ResourceKind;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code logs containersource/NAME [-n NS] [--tail N]}: the end of a ContainerSource's process log. */
@Command(name = "logs", mixinStandardHelpOptions = true,
    description = "Print the last lines of a ContainerSource's process log (stdout and stderr, a line per start).")
public final class LogsCommand extends AdminCommand {

  @Parameters(index = "0", paramLabel = "containersource/NAME") String source;
  @Option(names = {"-n", "--namespace"}, defaultValue = "default") String namespace;
  @Option(names = "--tail", defaultValue = "100", description = "How many lines (default ${DEFAULT-VALUE}).") int tail;

  @Override
  void run(AdminApi api, PrintWriter out) {
    int slash = source.indexOf('/');
    if (slash <= 0 || slash == source.length() - 1
        || ResourceKind.lookup(source.substring(0, slash)).orElse(null) != ResourceKind.CONTAINER_SOURCE) {
      throw new CliException("expected containersource/NAME, got '" + source + "'");
    }
    out.print(api.logs("containersource", namespace, source.substring(slash + 1), tail).path("log").asText());
    out.flush();
  }
}
