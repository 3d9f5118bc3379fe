package dev.kafkaeventing.platform.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code apply -f FILE|DIR|-}: creates or updates resources, all or nothing. */
@Command(name = "apply", mixinStandardHelpOptions = true,
    description = "Create or update resources from YAML (all or nothing).")
public final class ApplyCommand extends AdminCommand {

  @Option(names = {"-f", "--filename"}, required = true,
      description = "A YAML file, a directory of .yaml/.yml files, or - for standard input.")
  List<String> files;

  @Option(names = {"-n", "--namespace"},
      description = "Namespace for resources whose metadata names none (default: default).")
  String namespace;

  @Override
  void run(AdminApi api, PrintWriter out) {
    JsonNode answer = api.apply(Documents.read(files, System.in, namespace));
    // As kubectl: warnings on standard error, before the results.
    for (JsonNode warning : answer.path("warnings")) {
      spec.commandLine().getErr().println("Warning: " + warning.asText());
    }
    spec.commandLine().getErr().flush();
    for (JsonNode result : answer.path("results")) {
      out.println(result.path("resource").asText() + " " + result.path("action").asText());
    }
  }
}
