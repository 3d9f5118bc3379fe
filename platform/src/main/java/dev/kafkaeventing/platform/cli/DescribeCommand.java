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
 * {@code describe KIND [NAME...] | KIND/NAME... [-n NS]}: spec, status conditions and what the
 * platform knows; every resource of the kind when no name is given.
 */
@Command(name = "describe", mixinStandardHelpOptions = true,
    description = "Show a resource in detail: spec, conditions, runtime details.")
public final class DescribeCommand extends AdminCommand {

  @Parameters(arity = "1..*", paramLabel = "RESOURCE",
      description = "KIND [NAME...] or KIND/NAME... (e.g. trigger hello, trigger/hello); KIND alone describes"
          + " every resource of the kind.")
  List<String> resources;

  @Option(names = {"-n", "--namespace"}, defaultValue = "default",
      description = "Namespace of the resources (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Override
  void run(AdminApi api, PrintWriter out) {
    List<ResourceArgs.Ref> refs;
    try {
      refs = ResourceArgs.parse(resources);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (!ResourceArgs.named(refs)) {
      String kind = refs.get(0).kind();
      refs = new ArrayList<>();
      for (JsonNode item : api.list(kind, namespace, 500).path("items")) {
        refs.add(new ResourceArgs.Ref(kind, item.path("metadata").path("name").asText()));
      }
      if (refs.isEmpty()) {
        out.println("No resources found in " + namespace + " namespace.");
      }
    }
    for (int i = 0; i < refs.size(); i++) {
      if (i > 0) {
        out.println();
      }
      describe(api.describe(refs.get(i).kind(), namespace, refs.get(i).name()), out);
    }
  }

  private static void describe(JsonNode answer, PrintWriter out) {
    JsonNode resource = answer.path("resource");
    JsonNode metadata = resource.path("metadata");
    out.println("Name:         " + metadata.path("name").asText());
    out.println("Namespace:    " + metadata.path("namespace").asText());
    out.println("Kind:         " + resource.path("kind").asText() + " (" + resource.path("apiVersion").asText() + ")");
    out.println("Age:          " + ResourceTable.age(metadata.path("creationTimestamp").asText("")));
    out.println("Generation:   " + metadata.path("generation").asText());
    section(out, "Annotations", metadata.path("annotations"));
    section(out, "Spec", resource.path("spec"));
    section(out, "Data", resource.path("data"));
    JsonNode status = resource.path("status");
    if (status.has("address")) {
      out.println("Address:      " + status.path("address").path("url").asText());
    }
    for (String field : List.of("subscriberUri", "sinkUri", "deadLetterSinkUri")) {
      if (status.has(field)) {
        out.println(field + ": " + status.path(field).asText());
      }
    }
    printConditions(out, status.path("conditions"));
    section(out, "Details", answer.path("details"));
  }

  private static void section(PrintWriter out, String title, JsonNode node) {
    if (node.isMissingNode() || node.isEmpty()) {
      return;
    }
    out.println(title + ":");
    for (String line : Output.yaml(node).split("\n")) {
      out.println("  " + line);
    }
  }

  private static void printConditions(PrintWriter out, JsonNode conditions) {
    if (conditions.isEmpty()) {
      return;
    }
    out.println("Conditions:");
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("TYPE", "STATUS", "REASON", "MESSAGE"));
    for (JsonNode c : conditions) {
      rows.add(List.of(c.path("type").asText(), c.path("status").asText(), c.path("reason").asText(""),
          c.path("message").asText("")));
    }
    Columns.indented("  ").table(rows, out);
  }
}
