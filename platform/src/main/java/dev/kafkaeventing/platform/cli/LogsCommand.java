package dev.kafkaeventing.platform.cli;

import dev.kafkaeventing.crds.ResourceKind;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code logs revision/NAME [-n NS]}: what a Revision's replicas printed (stdout and stderr), one
 * file per replica, restarts appended, as the platform keeps them under its data directory.
 */
@Command(name = "logs", mixinStandardHelpOptions = true,
    description = "Print the logs of a Revision's replicas (revision/NAME).")
public final class LogsCommand extends AdminCommand {

  @Parameters(arity = "1..2", paramLabel = "RESOURCE", description = "revision/NAME (or: revision NAME).")
  List<String> resource;

  @Option(names = {"-n", "--namespace"}, defaultValue = "default",
      description = "Namespace of the revision (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Override
  void run(AdminApi api, PrintWriter out) {
    String first = resource.get(0);
    String kind;
    String revision;
    int slash = first.indexOf('/');
    if (slash > 0) {
      kind = first.substring(0, slash);
      revision = first.substring(slash + 1);
    } else {
      kind = first;
      revision = resource.size() > 1 ? resource.get(1) : null;
    }
    if (revision == null || revision.isEmpty()
        || !ResourceKind.lookup(kind).equals(Optional.of(ResourceKind.REVISION))) {
      throw new ParameterException(spec.commandLine(), "logs are kept for revisions: logs revision/NAME");
    }
    out.print(api.revisionLogs(namespace, revision));
  }
}
