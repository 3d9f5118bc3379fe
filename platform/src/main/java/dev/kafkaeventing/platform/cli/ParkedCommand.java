package dev.kafkaeventing.platform.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code parked list|show|redrive|purge}: the events a Trigger could not deliver (retries and dead
 * letter sink exhausted), kept in Kafka until redriven or purged.
 */
@Command(name = "parked", mixinStandardHelpOptions = true, description = "List, show, redrive or purge events a Trigger or Subscription could not deliver.",
    subcommands = {ParkedCommand.ListParked.class, ParkedCommand.ShowParked.class, ParkedCommand.Redrive.class,
        ParkedCommand.Purge.class})
public final class ParkedCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  /** {@code parked list trigger/NAME [-n NS]}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the events parked for a Trigger or Subscription.")
  static final class ListParked extends AdminCommand {
    @Parameters(index = "0", paramLabel = "trigger/NAME|subscription/NAME|kafkasource/NAME",
        description = "The Trigger or Subscription, e.g. trigger/hello (also subscription/NAME, kafkasource/NAME).") String route;
    @Option(names = {"-n", "--namespace"}, defaultValue = "default",
        description = "Namespace of the Trigger or Subscription (default: ${DEFAULT-VALUE}).") String namespace;

    @Override
    void run(AdminApi api, PrintWriter out) {
      RouteRef ref = RouteRef.parse(route);
      JsonNode items = api.parked(namespace, ref).path("items");
      if (items.isEmpty()) {
        out.println("No parked events for " + ref.describe(namespace) + ".");
        return;
      }
      List<List<String>> rows = new ArrayList<>();
      rows.add(List.of("ID", "AGE", "ATTEMPTS", "STATUS", "TYPE", "EVENT ID", "ERROR"));
      for (JsonNode item : items) {
        rows.add(List.of(item.path("id").asText(), ResourceTable.age(item.path("parkedAt").asText("")),
            item.path("attempts").asText(), item.path("status").asText(),
            item.path("attributes").path("type").asText(""), item.path("attributes").path("id").asText(""),
            abbreviate(item.path("error").asText(""), 60)));
      }
      Columns.print(rows, out);
    }
  }

  /** {@code parked show ID}. */
  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a parked event: its failure, attributes and data.")
  static final class ShowParked extends AdminCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "An id shown by `parked list`.") String id;

    @Override
    void run(AdminApi api, PrintWriter out) {
      JsonNode event = api.parkedEvent(id);
      out.println("ID:         " + event.path("id").asText());
      if (event.has("subscription")) {
        out.println("Subscription: " + event.path("subscription").asText() + " (channel " + event.path("channel").asText() + ")");
      } else {
        out.println("Trigger:    " + event.path("trigger").asText() + " (broker " + event.path("broker").asText() + ")");
      }
      out.println("Position:   partition " + event.path("partition").asText() + ", offset " + event.path("offset").asText());
      out.println("Parked at:  " + event.path("parkedAt").asText());
      out.println("Attempts:   " + event.path("attempts").asText());
      out.println("Status:     " + event.path("status").asText());
      out.println("Error:      " + event.path("error").asText(""));
      out.println("Response:   " + event.path("response").asText(""));
      out.println("Attributes:");
      event.path("attributes").properties().forEach(a -> out.println("  " + a.getKey() + ": " + a.getValue().asText()));
      if (event.has("data")) {
        out.println("Data:");
        out.println("  " + event.path("data").asText());
      } else if (event.has("dataBase64")) {
        out.println("Data (base64):");
        out.println("  " + event.path("dataBase64").asText());
      }
    }
  }

  /** Which parked events an action applies to: {@code --all} or ids. */
  static JsonNode selection(boolean all, List<String> ids) {
    if (all == !ids.isEmpty()) {
      throw new CliException("name the events: --all or one or more IDs (not both)");
    }
    ObjectNode body = AdminApi.JSON.createObjectNode();
    if (all) {
      body.put("all", true);
    } else {
      ArrayNode array = body.putArray("ids");
      ids.forEach(array::add);
    }
    return body;
  }

  /** {@code parked redrive trigger/NAME [--all | ID...]}. */
  @Command(name = "redrive", mixinStandardHelpOptions = true, description = "Deliver parked events again (fresh retries), then remove them from the parked events.")
  static final class Redrive extends AdminCommand {
    @Parameters(index = "0", paramLabel = "trigger/NAME|subscription/NAME|kafkasource/NAME",
        description = "The Trigger or Subscription, e.g. trigger/hello (also subscription/NAME, kafkasource/NAME).") String route;
    @Option(names = {"-n", "--namespace"}, defaultValue = "default",
        description = "Namespace of the Trigger or Subscription (default: ${DEFAULT-VALUE}).") String namespace;
    @Option(names = "--all", description = "Every parked event of the Trigger or Subscription.") boolean all;
    @Parameters(index = "1..*", arity = "0..*", paramLabel = "ID", description = "Ids shown by `parked list`.")
    List<String> ids = new ArrayList<>();

    @Override
    void run(AdminApi api, PrintWriter out) {
      RouteRef ref = RouteRef.parse(route);
      JsonNode done = api.parkedAction(namespace, ref, "redrive", selection(all, ids));
      out.println("redriven " + done.path("redriven").size() + " event(s) to " + ref.describe(namespace)
          + ids(done.path("redriven")));
    }
  }

  /** {@code parked purge trigger/NAME [--all | ID...]}. */
  @Command(name = "purge", mixinStandardHelpOptions = true, description = "Remove parked events for good.")
  static final class Purge extends AdminCommand {
    @Parameters(index = "0", paramLabel = "trigger/NAME|subscription/NAME|kafkasource/NAME",
        description = "The Trigger or Subscription, e.g. trigger/hello (also subscription/NAME, kafkasource/NAME).") String route;
    @Option(names = {"-n", "--namespace"}, defaultValue = "default",
        description = "Namespace of the Trigger or Subscription (default: ${DEFAULT-VALUE}).") String namespace;
    @Option(names = "--all", description = "Every parked event of the Trigger or Subscription.") boolean all;
    @Parameters(index = "1..*", arity = "0..*", paramLabel = "ID", description = "Ids shown by `parked list`.")
    List<String> ids = new ArrayList<>();

    @Override
    void run(AdminApi api, PrintWriter out) {
      RouteRef ref = RouteRef.parse(route);
      JsonNode done = api.parkedAction(namespace, ref, "purge", selection(all, ids));
      out.println("purged " + done.path("purged").size() + " event(s) of " + ref.describe(namespace)
          + ids(done.path("purged")));
    }
  }

  private static String ids(JsonNode ids) {
    List<String> all = new ArrayList<>();
    ids.forEach(id -> all.add(id.asText()));
    return all.isEmpty() ? "" : ": " + String.join(" ", all);
  }

  private static String abbreviate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
