package dev.kafkaeventing.platform.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.platform.journal.EventJournalOptions;
import dev.kafkaeventing.platform.journal.KafkaEventJournal;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code GET /api/v1/events/ID[?broker=NS/NAME]}: an event's path from the event journal, oldest
 * hop first: {@code {"id", "steps": [{"time", "hop", "resource", "status", "detail", "instance"}],
 * "instances", "loaded"}}. 404 with a message saying why when the journal is off, does not hold the
 * id, or the event was not accepted at the Broker asked for. Runs on the admin server's worker;
 * answers from memory.
 */
public final class EventRoutes {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final KafkaEventJournal journal;
  private final EventJournalOptions options;

  /** @param journal null when the journal is off */
  public EventRoutes(KafkaEventJournal journal, EventJournalOptions options) {
    this.journal = journal;
    this.options = options;
  }

  HttpAnswer handle(HttpCall call, String[] parts) throws IOException {
    if (parts.length < 4 || parts[3].isEmpty()) {
      return error(400, "expected /api/v1/events/<event id>");
    }
    if (journal == null) {
      return error(404, "the event journal is off (start the platform with --event-journal on)");
    }
    String id = String.join("/", Arrays.copyOfRange(parts, 3, parts.length));
    var steps = journal.lookup(id);
    if (steps.isEmpty()) {
      return error(404, "no event with id " + id + " in the event journal (it holds the last "
          + options.maxEvents() + " events of the last " + retention() + ")"
          + (journal.loaded() ? "" : "; the journal is still loading, try again in a moment"));
    }
    String broker = call.param("broker");
    if (broker != null) {
      String at = "broker " + broker;
      Set<String> accepted = new LinkedHashSet<>();
      steps.stream().filter(s -> s.step().hop().equals("accepted")).forEach(s -> accepted.add(s.step().resource()));
      if (!accepted.contains(at)) {
        return error(404, "event " + id + " was not accepted at " + at
            + (accepted.isEmpty() ? "" : " (accepted at: " + String.join(", ", accepted) + ")"));
      }
    }
    ObjectNode body = JSON.createObjectNode().put("id", id);
    ArrayNode array = body.putArray("steps");
    Set<String> instances = new LinkedHashSet<>();
    steps.forEach(s -> {
      instances.add(s.writer());
      array.addObject().put("time", Instant.ofEpochMilli(s.step().timeMillis()).toString())
          .put("hop", s.step().hop()).put("resource", s.step().resource()).put("status", s.step().status())
          .put("detail", s.step().detail()).put("instance", s.writer());
    });
    ArrayNode writers = body.putArray("instances");
    instances.forEach(writers::add);
    body.put("loaded", journal.loaded());
    return HttpAnswer.json(200, JSON.writeValueAsBytes(body));
  }

  private String retention() {
    long minutes = options.retention().toMinutes();
    return minutes % 60 == 0 ? minutes / 60 + "h" : minutes + "m";
  }

  private static HttpAnswer error(int status, String message) throws IOException {
    return HttpAnswer.json(status, JSON.writeValueAsBytes(JSON.createObjectNode().put("error", message)));
  }

}
