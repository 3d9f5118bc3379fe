package dev.kafkaeventing.platform.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code describe KIND NAME [-n NS]}: spec, status conditions and what the platform knows. */
@Command(name = "describe", mixinStandardHelpOptions = true,
    description = "Show a resource in detail: spec, conditions, runtime details.")
public final class DescribeCommand extends AdminCommand {

  @Parameters(index = "0", paramLabel = "KIND")
  String kind;

  @Parameters(index = "1", paramLabel = "NAME")
  String name;

  @Option(names = {"-n", "--namespace"}, defaultValue = "default")
  String namespace;

  @Override
  void run(AdminApi api, PrintWriter out) {
    JsonNode answer = api.describe(kind, namespace, name);
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
    for (JsonNode c : conditions) {
      out.println(String.format("  %-18s %-8s %-28s %s", c.path("type").asText(), c.path("status").asText(),
          c.path("reason").asText(""), c.path("message").asText("")).stripTrailing());
    }
  }
}
