package dev.kafkaeventing.platform.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code get KIND [NAME] [-n NS | -A] [-o yaml|json|wide]}: lists resources like kubectl. */
@Command(name = "get", mixinStandardHelpOptions = true,
    description = "List resources of a kind, or show one.")
public final class GetCommand extends AdminCommand {

  @Parameters(index = "0", paramLabel = "KIND", description = "broker, trigger, configmap, ... (singular, plural or short name)")
  String kind;

  @Parameters(index = "1", arity = "0..1", paramLabel = "NAME")
  String name;

  @Option(names = {"-n", "--namespace"}, defaultValue = "default")
  String namespace;

  @Option(names = {"-A", "--all-namespaces"})
  boolean allNamespaces;

  @Option(names = {"-o", "--output"}, description = "yaml, json or wide (default: a table)")
  String output;

  @Option(names = "--chunk-size", defaultValue = "500",
      description = "Resources per admin API call; a long list is read in pages of this size (1-5000).")
  int chunkSize;

  @Override
  void run(AdminApi api, PrintWriter out) {
    List<JsonNode> items = new ArrayList<>();
    if (name != null) {
      items.add(api.get(kind, namespace, name));
    } else {
      if (chunkSize < 1 || chunkSize > 5000) {
        throw new CliException("--chunk-size must be from 1 to 5000, got " + chunkSize);
      }
      api.list(kind, allNamespaces ? null : namespace, chunkSize).path("items").forEach(items::add);
    }
    if (output == null || output.equals("wide")) {
      if (items.isEmpty()) {
        out.println(allNamespaces ? "No resources found." : "No resources found in " + namespace + " namespace.");
        return;
      }
      ResourceTable.print(items, allNamespaces, "wide".equals(output), out);
      return;
    }
    JsonNode shown = name != null ? items.get(0) : list(items);
    switch (output) {
      case "json" -> out.println(Output.json(shown));
      case "yaml" -> out.print(Output.yaml(shown));
      default -> throw new CliException("unknown output format '" + output + "' (use yaml, json or wide)");
    }
  }

  private static JsonNode list(List<JsonNode> items) {
    ObjectNode list = AdminApi.JSON.createObjectNode();
    list.put("apiVersion", "v1");
    list.put("kind", "List");
    ArrayNode array = list.putArray("items");
    items.forEach(array::add);
    return list;
  }
}
