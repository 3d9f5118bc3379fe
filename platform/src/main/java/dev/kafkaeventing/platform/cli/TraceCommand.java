package dev.kafkaeventing.platform.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code trace [broker/NAME] ID}: an event's path from the event journal, one line a hop (time, hop,
 * resource, status, detail), or the journal's JSON with {@code -o json}. Exits 1 when the journal
 * does not know the id.
 */
@Command(name = "trace", mixinStandardHelpOptions = true, description = {
    "Show where an event went: accepted at, matched Triggers/Subscriptions, each delivery attempt with its status,"
        + " replies, dead letter, parked.",
    "From the event journal (off by default: start the platform with up --event-journal on): the last --event-journal-max-events events"
        + " within --event-journal-retention, from every instance of the same --instance-name.",
    "Exits 1 when the id is unknown."})
public final class TraceCommand extends AdminCommand {

  @Parameters(arity = "1..2", paramLabel = "[broker/NAME] ID",
      description = "The event's id, optionally after the Broker it was sent to (only that Broker's event is shown).")
  List<String> args;
  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "json: the whole path as JSON.")
  String output;
  @Option(names = {"-n", "--namespace"}, defaultValue = "default",
      description = "Namespace of the Broker (default: ${DEFAULT-VALUE}).") String namespace;

  @Override
  void run(AdminApi api, PrintWriter out) {
    if (output != null && !output.equals("json")) {
      throw new CliException("--output: expected json, got '" + output + "'");
    }
    String broker = null;
    String id = args.get(args.size() - 1);
    if (args.size() == 2) {
      String target = args.get(0);
      if (!target.startsWith("broker/") || target.length() == "broker/".length()) {
        throw new CliException("expected broker/NAME before the event id, got '" + target + "'");
      }
      broker = namespace + "/" + target.substring("broker/".length());
    }
    JsonNode path = api.eventPath(id, broker);
    if (output != null) {
      out.println(Output.json(path));
      return;
    }
    out.println("event " + path.path("id").asText());
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("TIME", "HOP", "RESOURCE", "STATUS", "DETAIL"));
    for (JsonNode step : path.path("steps")) {
      rows.add(List.of(step.path("time").asText(), step.path("hop").asText(), step.path("resource").asText(),
          step.path("status").asText(), step.path("detail").asText()));
    }
    Columns.print(rows, out);
    if (path.path("instances").size() > 1) {
      out.println("(recorded by " + path.path("instances").size() + " platform instances)");
    }
  }
}
