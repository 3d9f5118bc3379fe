package dev.kafkaeventing.platform.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code delete KIND NAME... | KIND/NAME... [-n NS]} or {@code delete -f FILE}. Like kubectl, a
 * resource that does not exist is an error (exit 1) unless {@code --ignore-not-found}; the others
 * named are deleted all the same.
 */
@Command(name = "delete", mixinStandardHelpOptions = true,
    description = "Delete resources by kind and name (KIND NAME... or KIND/NAME...), or those YAML files name.")
public final class DeleteCommand extends AdminCommand {

  @Parameters(arity = "0..*", paramLabel = "RESOURCE",
      description = "KIND NAME... or KIND/NAME... (e.g. trigger hello, trigger/hello broker/default).")
  List<String> resources = List.of();

  @Option(names = {"-f", "--filename"},
      description = "YAML file(s), directories of .yaml/.yml files or - (standard input) naming the resources to delete.")
  List<String> files;

  @Option(names = {"-n", "--namespace"}, defaultValue = "default",
      description = "Namespace of the resources, and of documents in -f files that name none (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Option(names = "--ignore-not-found",
      description = "A resource that does not exist is no error: say nothing of it, exit 0.")
  boolean ignoreNotFound;

  @Override
  void run(AdminApi api, PrintWriter out) {
    boolean fromFiles = files != null && !files.isEmpty();
    if (fromFiles == !resources.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "delete needs KIND NAME..., KIND/NAME... or -f FILE (one of them)");
    }
    List<String> missing = new ArrayList<>();
    if (fromFiles) {
      for (JsonNode result : api.deleteDocuments(Documents.read(files, System.in, namespace)).path("results")) {
        String resource = result.path("resource").asText();
        if (result.path("action").asText().equals("not found")) {
          if (!ignoreNotFound) {
            missing.add(resource + " not found");
          }
        } else {
          out.println(resource + " " + result.path("action").asText());
        }
      }
    } else {
      List<ResourceArgs.Ref> refs = refs();
      for (ResourceArgs.Ref ref : refs) {
        try {
          for (JsonNode result : api.delete(ref.kind(), namespace, ref.name()).path("results")) {
            out.println(result.path("resource").asText() + " " + result.path("action").asText());
          }
        } catch (CliException e) {
          if (!e.notFound()) {
            throw e;
          }
          if (!ignoreNotFound) {
            missing.add(e.getMessage());
          }
        }
      }
    }
    if (!missing.isEmpty()) {
      throw new CliException(String.join("\n", missing), 404);
    }
  }

  private List<ResourceArgs.Ref> refs() {
    List<ResourceArgs.Ref> refs;
    try {
      refs = ResourceArgs.parse(resources);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (!ResourceArgs.named(refs)) {
      throw new ParameterException(spec.commandLine(), "name the " + refs.get(0).kind()
          + " to delete: KIND NAME... or KIND/NAME...");
    }
    return refs;
  }
}
