package dev.kafkaeventing.platform.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code delete KIND NAME [-n NS]} or {@code delete -f FILE}. */
@Command(name = "delete", mixinStandardHelpOptions = true,
    description = "Delete resources by kind and name, or those a YAML file names.")
public final class DeleteCommand extends AdminCommand {

  @Parameters(arity = "0..2", paramLabel = "KIND NAME")
  List<String> kindAndName = List.of();

  @Option(names = {"-f", "--filename"}, description = "YAML file(s) naming the resources to delete.")
  List<String> files;

  @Option(names = {"-n", "--namespace"}, defaultValue = "default")
  String namespace;

  @Override
  void run(AdminApi api, PrintWriter out) {
    JsonNode answer;
    if (files != null && !files.isEmpty()) {
      answer = api.deleteDocuments(Documents.read(files, System.in, namespace));
    } else if (kindAndName.size() == 2) {
      answer = api.delete(kindAndName.get(0), namespace, kindAndName.get(1));
    } else {
      throw new CliException("delete needs KIND NAME or -f FILE");
    }
    for (JsonNode result : answer.path("results")) {
      out.println(result.path("resource").asText() + " " + result.path("action").asText());
    }
  }
}
