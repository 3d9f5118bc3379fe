package dev.kafkaeventing.platform.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tail broker/NAME|channel/NAME|trigger/NAME}: follows the events accepted on a Broker or
 * Channel (or what a Trigger's filter matches on its Broker), one line each, from the admin API's
 * stream. The filter is evaluated by the platform; a slow reader loses events, reported as dropped.
 */
@Command(name = "tail", mixinStandardHelpOptions = true, description = {
    "Follow the events accepted on a Broker or Channel, or matched by a Trigger's filter.",
    "One line each (TIME ID TYPE SOURCE SUBJECT SIZE), or -o json for whole events."})
public final class TailCommand extends AdminCommand {

  @Parameters(index = "0", paramLabel = "broker/NAME|channel/NAME|trigger/NAME",
      description = "What to follow, e.g. broker/default.") String target;
  @Option(names = "--cesql", paramLabel = "EXPR",
      description = "Only events this CESQL expression matches (a Trigger's cesql filter).") String cesql;
  @Option(names = "--attr", paramLabel = "NAME=VALUE",
      description = "Only events with this attribute value (repeatable; a Trigger's exact filter).")
  Map<String, String> attributes = new LinkedHashMap<>();
  @Option(names = "--from", paramLabel = "TIME|earliest",
      description = "Start at this RFC 3339 time or at the earliest event kept (default: now).") String from;
  @Option(names = "--max", paramLabel = "N", description = "Stop after N events.") Long max;
  @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Stop after this long, e.g. 30s or 5m (default: never).") Duration timeout;
  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
      description = "json: each whole event (with its data) on a line.") String output;
  @Option(names = {"-n", "--namespace"}, defaultValue = "default",
      description = "Namespace of the resource (default: ${DEFAULT-VALUE}).") String namespace;

  @Override
  void run(AdminApi api, PrintWriter out) {
    EventTarget what = EventTarget.parse(target, true);
    if (output != null && !output.equals("json")) {
      throw new CliException("--output: expected json, got '" + output + "'");
    }
    if (max != null && max <= 0) {
      throw new CliException("--max: expected a positive number, got " + max);
    }
    List<String> query = new ArrayList<>();
    if (cesql != null) {
      query.add("cesql=" + encode(cesql));
    }
    attributes.forEach((name, value) -> query.add("attr=" + encode(name + "=" + value)));
    if (from != null) {
      query.add("from=" + encode(from));
    }
    if (max != null) {
      query.add("max=" + max);
    }
    Instant deadline = timeout == null ? null : Instant.now().plus(timeout);
    long[] seen = {0};
    api.tail(what.kind(), namespace, what.name(), query.isEmpty() ? "" : "?" + String.join("&", query), deadline,
        line -> {
          if (line.has("event")) {
            out.println(output != null ? line.get("event").toString() : summary(line));
            seen[0]++;
          } else if (line.has("dropped") && !line.has("heartbeat")) {
            out.println("# " + line.get("dropped").asLong() + " events dropped so far: this client reads too slowly");
          }
          out.flush();
          return max == null || seen[0] < max;
        });
  }

  private static String summary(JsonNode line) {
    JsonNode event = line.get("event");
    return String.join("  ", line.path("time").asText(), event.path("id").asText(), event.path("type").asText(),
        event.path("source").asText(), event.path("subject").asText("-"), line.path("size").asText() + "B");
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
