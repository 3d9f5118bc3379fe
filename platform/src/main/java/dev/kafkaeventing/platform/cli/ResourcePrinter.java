package dev.kafkaeventing.platform.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * How {@code get} prints resources, chosen by {@code -o}: a table (default, or {@code wide}),
 * {@code name}, {@code json}, {@code yaml} or {@code jsonpath=TEMPLATE}. Keeps the table's column
 * widths so that {@code -w} prints later rows under it. Not thread-safe.
 */
final class ResourcePrinter {

  private final String format;
  private final JsonPathTemplate template;
  private Columns table;

  private ResourcePrinter(String format, JsonPathTemplate template) {
    this.format = format;
    this.template = template;
  }

  /**
   * The printer for an {@code -o} value (null: the table).
   *
   * @throws ParameterException for an unknown format or a template that does not parse
   */
  static ResourcePrinter of(String output, CommandLine commandLine) {
    if (output == null || output.equals("wide") || output.equals("name") || output.equals("json")
        || output.equals("yaml")) {
      return new ResourcePrinter(output == null ? "table" : output, null);
    }
    if (output.startsWith("jsonpath=")) {
      try {
        return new ResourcePrinter("jsonpath", JsonPathTemplate.parse(output.substring("jsonpath=".length())));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(commandLine, e.getMessage());
      }
    }
    throw new ParameterException(commandLine,
        "unknown output format '" + output + "' (use yaml, json, wide, name or jsonpath=TEMPLATE)");
  }

  boolean isTable() {
    return format.equals("table") || format.equals("wide");
  }

  /**
   * Prints the items; {@code single}: one resource was asked for by name, so JSON, YAML and
   * jsonpath show it rather than a List.
   */
  void print(List<JsonNode> items, boolean single, boolean withNamespace, boolean qualified, PrintWriter out) {
    switch (format) {
      case "table", "wide" -> {
        boolean first = true;
        for (List<JsonNode> ofKind : byKind(items).values()) {
          if (!first) {
            out.println();
          }
          first = false;
          table = ResourceTable.print(ofKind, withNamespace, format.equals("wide"), qualified, out);
        }
      }
      case "name" -> items.forEach(item -> out.println(ResourceTable.qualifiedName(item)));
      case "json" -> out.println(Output.json(single && items.size() == 1 ? items.get(0) : GetCommand.list(items)));
      case "yaml" -> out.print(Output.yaml(single && items.size() == 1 ? items.get(0) : GetCommand.list(items)));
      default -> out.print(template.render(single && items.size() == 1 ? items.get(0) : GetCommand.list(items)));
    }
  }

  /** Prints items that changed while watching: table rows under the table printed first, else each item. */
  void printMore(List<JsonNode> items, boolean withNamespace, boolean qualified, PrintWriter out) {
    if (!isTable()) {
      for (JsonNode item : items) {
        print(List.of(item), true, withNamespace, qualified, out);
        if (format.equals("jsonpath")) {
          out.println();
        }
      }
      return;
    }
    if (table == null) {
      table = ResourceTable.print(items.subList(0, 1), withNamespace, format.equals("wide"), qualified, out);
      items = items.subList(1, items.size());
    }
    for (JsonNode item : items) {
      table.row(ResourceTable.row(item, withNamespace, format.equals("wide"), qualified), out);
    }
  }

  private static Map<String, List<JsonNode>> byKind(List<JsonNode> items) {
    Map<String, List<JsonNode>> byKind = new LinkedHashMap<>();
    items.forEach(item -> byKind.computeIfAbsent(item.path("kind").asText(), k -> new ArrayList<>()).add(item));
    return byKind;
  }
}
