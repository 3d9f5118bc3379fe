package dev.kafkaeventing.platform.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Prints resources as kubectl-like columns; the columns depend on the kind. */
final class ResourceTable {

  private ResourceTable() {}

  /**
   * Prints the items (all of one kind) with a header row; {@code qualified} names each row
   * {@code kind.group/name}, as {@code get all} does. Returns the printer, for rows printed later.
   */
  static Columns print(List<JsonNode> items, boolean withNamespace, boolean wide, boolean qualified,
      PrintWriter out) {
    String kind = items.get(0).path("kind").asText();
    List<List<String>> rows = new ArrayList<>();
    rows.add(header(kind, withNamespace, wide));
    for (JsonNode item : items) {
      rows.add(row(item, withNamespace, wide, qualified));
    }
    Columns table = Columns.indented("");
    table.table(rows, out);
    return table;
  }

  static List<String> header(String kind, boolean withNamespace, boolean wide) {
    List<String> header = new ArrayList<>();
    if (withNamespace) {
      header.add("NAMESPACE");
    }
    // A Knative Service's or Route's URL is its status.url, not an address: same header, own column.
    columns(kind, wide).forEach(column -> header.add(column.equals("KSVC_URL") ? "URL" : column));
    return header;
  }

  static List<String> row(JsonNode item, boolean withNamespace, boolean wide, boolean qualified) {
    List<String> row = new ArrayList<>();
    if (withNamespace) {
      row.add(item.path("metadata").path("namespace").asText());
    }
    for (String column : columns(item.path("kind").asText(), wide)) {
      row.add(qualified && column.equals("NAME") ? qualifiedName(item) : cell(item, column));
    }
    return row;
  }

  /**
   * kubectl's {@code -o name}: {@code kind.group/name} in lower case, e.g.
   * {@code trigger.eventing.knative.dev/hello}; {@code configmap/name} for the core group.
   */
  static String qualifiedName(JsonNode item) {
    String apiVersion = item.path("apiVersion").asText();
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : "." + apiVersion.substring(0, slash);
    return item.path("kind").asText().toLowerCase(java.util.Locale.ROOT) + group + "/"
        + item.path("metadata").path("name").asText();
  }

  private static List<String> columns(String kind, boolean wide) {
    List<String> columns = new ArrayList<>(List.of("NAME"));
    switch (kind) {
      case "Trigger" -> columns.addAll(List.of("BROKER", "SUBSCRIBER_URI", "AGE", "READY", "REASON"));
      case "Subscription" -> columns.addAll(List.of("CHANNEL", "SUBSCRIBER_URI", "REPLY_URI", "AGE", "READY", "REASON"));
      case "ConfigMap" -> columns.addAll(List.of("DATA", "AGE"));
      case "Service" -> columns.addAll(List.of("KSVC_URL", "LATESTCREATED", "LATESTREADY", "READY", "REASON"));
      case "Configuration" -> columns.addAll(List.of("LATESTCREATED", "LATESTREADY", "READY", "REASON"));
      case "Revision" -> columns.addAll(List.of("CONFIG NAME", "GENERATION", "READY", "REASON", "ACTUAL REPLICAS"));
      case "Route" -> columns.addAll(List.of("KSVC_URL", "READY", "REASON"));
      case "EventType" -> columns.addAll(List.of("TYPE", "SOURCE", "REFERENCE", "COUNT", "LAST SEEN", "AGE", "READY"));
      default -> columns.addAll(List.of("URL", "AGE", "READY", "REASON"));
    }
    if (wide) {
      columns.add("MESSAGE");
    }
    return columns;
  }

  private static String cell(JsonNode item, String column) {
    JsonNode ready = readyCondition(item);
    return switch (column) {
      case "NAME" -> item.path("metadata").path("name").asText();
      case "BROKER" -> item.path("spec").path("broker").asText();
      case "CHANNEL" -> item.path("spec").path("channel").path("kind").asText("") + ":"
          + item.path("spec").path("channel").path("name").asText("");
      case "SUBSCRIBER_URI" -> item.path("status").path("subscriberUri")
          .asText(item.path("status").path("physicalSubscription").path("subscriberUri").asText(""));
      case "REPLY_URI" -> item.path("status").path("physicalSubscription").path("replyUri").asText("");
      case "URL" -> item.path("status").path("address").path("url").asText("");
      case "KSVC_URL" -> item.path("status").path("url").asText("");
      case "LATESTCREATED" -> item.path("status").path("latestCreatedRevisionName").asText("");
      case "LATESTREADY" -> item.path("status").path("latestReadyRevisionName").asText("");
      case "CONFIG NAME" -> item.path("metadata").path("labels").path("serving.knative.dev/configuration").asText("");
      case "GENERATION" -> item.path("metadata").path("labels").path("serving.knative.dev/configurationGeneration")
          .asText("");
      case "ACTUAL REPLICAS" -> item.path("status").path("actualReplicas").asText("0");
      case "TYPE" -> item.path("spec").path("type").asText("");
      case "SOURCE" -> item.path("spec").path("source").asText("");
      case "REFERENCE" -> item.path("spec").path("reference").isObject()
          ? item.path("spec").path("reference").path("kind").asText("") + "/"
              + item.path("spec").path("reference").path("name").asText("") : "";
      case "COUNT" -> item.path("status").path("count").asText("");
      case "LAST SEEN" -> age(item.path("status").path("lastSeen").asText(""));
      case "DATA" -> String.valueOf(item.path("data").size());
      case "AGE" -> age(item.path("metadata").path("creationTimestamp").asText(""));
      case "READY" -> ready.path("status").asText("Unknown");
      case "REASON" -> ready.path("reason").asText("");
      case "MESSAGE" -> ready.path("message").asText("");
      default -> "";
    };
  }

  static JsonNode readyCondition(JsonNode item) {
    for (JsonNode condition : item.path("status").path("conditions")) {
      if (condition.path("type").asText().equals("Ready")) {
        return condition;
      }
    }
    return AdminApi.JSON.createObjectNode();
  }

  static String age(String timestamp) {
    if (timestamp.isEmpty()) {
      return "";
    }
    try {
      Duration age = Duration.between(Instant.parse(timestamp), Instant.now());
      if (age.toDays() > 0) {
        return age.toDays() + "d";
      }
      if (age.toHours() > 0) {
        return age.toHours() + "h";
      }
      if (age.toMinutes() > 0) {
        return age.toMinutes() + "m";
      }
      return Math.max(0, age.toSeconds()) + "s";
    } catch (DateTimeParseException e) {
      return "";
    }
  }
}
