package dev.kafkaeventing.platform.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code logs containersource/NAME [-n NS] [--tail N]}: the end of a ContainerSource's process log. */
@Command(name = "logs", mixinStandardHelpOptions = true,
    description = "Print the last lines of a ContainerSource's or Revision's process log (stdout and stderr, a line per start).")
public final class LogsCommand extends AdminCommand {

  /** Kinds with process logs, by every name the CLI accepts for them; spelled out so the client starts without the resource model. */
  private static final Map<String, String> KINDS = Map.of(
      "containersource", "containersource", "containersources", "containersource",
      "containersource.sources.knative.dev", "containersource",
      "revision", "revision", "revisions", "revision", "rev", "revision",
      "revision.serving.knative.dev", "revision");

  @Parameters(index = "0", paramLabel = "KIND/NAME",
      description = "The process owner: containersource/NAME or revision/NAME.") String source;
  @Option(names = {"-n", "--namespace"}, defaultValue = "default",
      description = "Namespace of the resource (default: ${DEFAULT-VALUE}).") String namespace;
  @Option(names = "--tail", defaultValue = "100", description = "How many lines (default ${DEFAULT-VALUE}).") int tail;

  @Override
  void run(AdminApi api, PrintWriter out) {
    int slash = source.indexOf('/');
    String kind = slash <= 0 ? null : KINDS.get(source.substring(0, slash).toLowerCase(Locale.ROOT));
    if (kind == null || slash == source.length() - 1) {
      throw new CliException("expected containersource/NAME or revision/NAME, got '" + source + "'");
    }
    out.print(api.logs(kind, namespace, source.substring(slash + 1), tail).path("log").asText());
    out.flush();
  }
}
