package dev.kafkaeventing.platform.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code replay trigger/NAME --from TIME|earliest [--to TIME] [-n NS]}. */
@Command(name = "replay", mixinStandardHelpOptions = true, description = {
    "Deliver again to one Trigger the events of its Broker written in a time range that match its filter.",
    "Other Triggers are not affected. Progress: `describe trigger NAME`."})
public final class ReplayCommand extends AdminCommand {

  @Parameters(index = "0", paramLabel = "trigger/NAME", description = "The Trigger, e.g. trigger/hello.") String trigger;

  @Option(names = "--from", required = true, paramLabel = "TIME",
      description = "RFC 3339 time (e.g. 2026-01-31T08:00:00Z) or earliest.")
  String from;

  @Option(names = "--to", paramLabel = "TIME", description = "RFC 3339 time, exclusive (default: now).")
  String to;

  @Option(names = {"-n", "--namespace"}, defaultValue = "default",
        description = "Namespace of the Trigger (default: ${DEFAULT-VALUE}).") String namespace;

  @Override
  void run(AdminApi api, PrintWriter out) {
    String name = TriggerRef.name(trigger);
    ObjectNode range = AdminApi.JSON.createObjectNode().put("from", from);
    if (to != null) {
      range.put("to", to);
    }
    JsonNode started = api.replay(namespace, name, range);
    out.println("replay of trigger " + namespace + "/" + name + " started: from " + started.path("from").asText()
        + " to " + started.path("to").asText());
    out.println("follow it with: kafka-eventing describe trigger " + name + " -n " + namespace);
  }
}
