package dev.kafkaeventing.platform.admin;

import dev.kafkaeventing.core.kafka.KafkaCluster;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.crds.ObjectMeta;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.crds.ResourceValidationException;
import dev.kafkaeventing.platform.control.ApplyService;
import dev.kafkaeventing.platform.control.ApplyService.Document;
import dev.kafkaeventing.platform.control.ApplyService.Outcome;
import dev.kafkaeventing.platform.control.ControlPlane;
import dev.kafkaeventing.core.control.ResourceRepository;
import dev.kafkaeventing.serving.RevisionId;
import dev.kafkaeventing.serving.ServingBridge;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The admin API the CLI talks to (JSON over HTTP):
 *
 * <pre>
 * GET    /readyz                                  200 when ready, else 503 with the reason
 * GET    /api/v1/leader                           {"leading": whether this instance writes statuses}
 * POST   /api/v1/apply     {"documents":[{"source","content"}]}   all or nothing; 422 {"errors"}
 * POST   /api/v1/delete    {"documents":[...]}    deletes what the documents name
 * GET    /api/v1/resources?kind=K[&amp;namespace=N][&amp;limit=L][&amp;continue=T]
 *                                                 {"kind":"List","metadata":{"continue"},"items":[...]}
 *                                                 one page, as Kubernetes' list API (see {@link ListPaging})
 * GET    /api/v1/resources/K/N/NAME               the resource, with status
 * DELETE /api/v1/resources/K/N/NAME
 * GET    /api/v1/describe/K/N/NAME                {"resource", "details"}
 * GET    /api/v1/logs/containersource/N/NAME[?tail=L]   {"log": the last L lines (default 100)}
 * GET    /api/v1/logs/revision/N/NAME[?tail=L]          {"log": its replicas' logs, the last L lines}
 * ...    /api/v1/parked/..., /api/v1/parked-events/ID, /api/v1/replay/...   see {@link DeliveryRoutes}
 * GET    /api/v1/tail/broker|channel|trigger/N/NAME[?from][&amp;cesql][&amp;attr][&amp;max]   a live
 *                                                 stream of events, see {@link TailRoutes}
 * GET    /api/v1/topology[?namespace][&amp;limit]     the graph of resources, see {@link TopologyRoutes}
 * GET    /api/v1/events/ID[?broker=N/NAME]        an event's path from the event journal, see {@link EventRoutes}
 * POST   /api/v1/filter-test/K/N/NAME, GET /api/v1/recent-deliveries/K/N/NAME   see {@link PlaygroundRoutes}
 * GET    /ui                                      the web console, see {@link ConsoleRoutes}
 * </pre>
 *
 * <p>Cross-site requests are refused before they reach these routes (see {@link CrossSiteDefense}).
 * K is any name the CLI accepts for a kind (singular, plural, short, Kind). Runs on the control
 * server's worker pool; blocking is fine here.
 */
public final class AdminRoutes implements HttpRoutes {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ControlPlane controlPlane;
  private final ApplyService applyService;
  private final DeliveryRoutes deliveryRoutes;
  /** Why the platform is not ready, or null when it is. */
  private final Supplier<String> notReadyReason;

  private final ServingBridge serving;

  private final TailRoutes tailRoutes;
  private final TopologyRoutes topologyRoutes;
  private final PlaygroundRoutes playgroundRoutes;
  private final EventRoutes eventRoutes;
  private final ConsoleRoutes consoleRoutes = new ConsoleRoutes();

  public AdminRoutes(ControlPlane controlPlane, ApplyService applyService, Supplier<String> notReadyReason,
      ServingBridge serving, KafkaCluster kafka, EventRoutes eventRoutes) {
    this.eventRoutes = eventRoutes;
    this.tailRoutes = new TailRoutes(controlPlane, kafka);
    this.topologyRoutes = new TopologyRoutes(controlPlane);
    this.playgroundRoutes = new PlaygroundRoutes(controlPlane, kafka);
    this.controlPlane = controlPlane;
    this.serving = serving;
    this.applyService = applyService;
    this.deliveryRoutes = new DeliveryRoutes(controlPlane);
    this.notReadyReason = notReadyReason;
  }

  @Override
  public HttpAnswer handle(HttpCall call) throws Exception {
    if (ConsoleRoutes.serves(call.path())) {
      return consoleRoutes.handle(call);
    }
    String[] parts = call.path().replaceAll("^/+|/+$", "").split("/");
    String route = call.method() + " " + (parts.length >= 3 ? parts[0] + "/" + parts[1] + "/" + parts[2] : call.path());
    try {
      return switch (route) {
        case "GET /readyz" -> readyz();
        case "GET /healthz" -> HttpAnswer.text(200, "ok");
        case "GET api/v1/leader" -> HttpAnswer.json(200,
            ("{\"leading\":" + controlPlane.leading() + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        case "POST api/v1/apply" -> applied(applyService.apply(documents(call.body())));
        case "POST api/v1/delete" -> outcomes(applyService.delete(documents(call.body())));
        case "GET api/v1/resources" -> parts.length == 3 ? list(call) : get(parts);
        case "DELETE api/v1/resources" -> delete(parts);
        case "GET api/v1/describe" -> describe(parts);
        case "GET api/v1/logs" -> logs(call, parts);
        case "GET api/v1/parked", "POST api/v1/parked", "GET api/v1/parked-events", "POST api/v1/replay" ->
            deliveryRoutes.handle(call, parts);
        case "GET api/v1/tail" -> tailRoutes.handle(call, parts);
        case "GET api/v1/topology" -> topologyRoutes.handle(call);
        case "GET api/v1/events" -> eventRoutes.handle(call, parts);
        case "POST api/v1/filter-test", "GET api/v1/recent-deliveries" -> playgroundRoutes.handle(call, parts);
        default -> error(404, "no route " + call.method() + " " + call.path());
      };
    } catch (ResourceValidationException e) {
      ObjectNode body = JSON.createObjectNode();
      ArrayNode errors = body.putArray("errors");
      e.errors().forEach(error -> errors.add(error.toString()));
      return HttpAnswer.json(422, JSON.writeValueAsBytes(body));
    } catch (BadRequest e) {
      return error(e.status, e.getMessage());
    } catch (DeliveryRoutes.AdminException e) {
      return error(e.status, e.getMessage());
    }
  }

  private HttpAnswer readyz() {
    String reason = notReadyReason.get();
    return reason == null ? HttpAnswer.text(200, "ok") : HttpAnswer.text(503, reason);
  }

  private HttpAnswer list(HttpCall call) throws IOException {
    String kindName = call.param("kind");
    if (kindName == null) {
      throw new BadRequest(400, "the query parameter kind is required");
    }
    ResourceKind kind = kind(kindName);
    int limit;
    ResourceKey after;
    try {
      limit = ListPaging.limit(call.param("limit"));
      after = ListPaging.after(kind, call.param("continue"));
    } catch (IllegalArgumentException e) {
      throw new BadRequest(400, e.getMessage());
    }
    ResourceRepository.Page page = controlPlane.resources().page(kind, call.param("namespace"), after, limit);
    ObjectNode body = JSON.createObjectNode();
    body.put("apiVersion", "v1");
    body.put("kind", "List");
    ObjectNode metadata = body.putObject("metadata");
    ArrayNode items = body.putArray("items");
    for (Resource resource : page.items()) {
      items.add(JSON.readTree(resource.toJson()));
    }
    if (page.remaining() > 0) {
      metadata.put("continue", ListPaging.token(page.items().get(page.items().size() - 1).key()));
      metadata.put("remainingItemCount", page.remaining());
    }
    return HttpAnswer.json(200, JSON.writeValueAsBytes(body));
  }

  private HttpAnswer get(String[] parts) throws IOException {
    return HttpAnswer.json(200, find(parts).toJson());
  }

  /** The tail of a ContainerSource's process log. */
  private HttpAnswer logs(HttpCall call, String[] parts) throws IOException {
    Resource resource = find(parts);
    if (resource.resourceKind() != ResourceKind.CONTAINER_SOURCE && resource.resourceKind() != ResourceKind.REVISION) {
      throw new BadRequest(400, "only containersources and revisions have logs, not " + resource.kind());
    }
    int tail;
    try {
      tail = call.param("tail") == null ? 100 : Integer.parseInt(call.param("tail"));
    } catch (NumberFormatException e) {
      throw new BadRequest(400, "tail: expected a number of lines, got '" + call.param("tail") + "'");
    }
    if (resource.resourceKind() == ResourceKind.REVISION) {
      return HttpAnswer.json(200, JSON.writeValueAsBytes(JSON.createObjectNode().put("log", revisionLogs(resource.key(), tail))));
    }
    String log = controlPlane.containerSources().logTail(resource.key(), Math.max(0, tail))
        .orElseThrow(() -> new BadRequest(404, "containersource " + resource.key().namespace() + "/"
            + resource.key().name() + " has no log on this instance (its process never started here)"));
    ObjectNode body = JSON.createObjectNode().put("log", log);
    return HttpAnswer.json(200, JSON.writeValueAsBytes(body));
  }

  private HttpAnswer describe(String[] parts) throws IOException {
    Resource resource = find(parts);
    ObjectNode body = JSON.createObjectNode();
    body.set("resource", JSON.readTree(resource.toJson()));
    body.set("details", controlPlane.details(resource));
    return HttpAnswer.json(200, JSON.writeValueAsBytes(body));
  }

  private HttpAnswer delete(String[] parts) throws Exception {
    ResourceKey key = key(parts);
    Outcome outcome = applyService.delete(Resource.of(key.kind(), ObjectMeta.of(key.namespace(), key.name()), JSON.createObjectNode()));
    if (outcome.action().equals("not found")) {
      throw new BadRequest(404, notFound(key));
    }
    return outcomes(List.of(outcome));
  }

  private Resource find(String[] parts) {
    ResourceKey key = key(parts);
    Optional<Resource> resource = controlPlane.resources().get(key);
    return resource.orElseThrow(() -> new BadRequest(404, notFound(key)));
  }

  private static String notFound(ResourceKey key) {
    return key.kind().plural() + " \"" + key.name() + "\" not found in namespace \"" + key.namespace() + "\"";
  }

  private static ResourceKey key(String[] parts) {
    if (parts.length != 6) {
      throw new BadRequest(400, "expected /api/v1/<route>/<kind>/<namespace>/<name>");
    }
    return new ResourceKey(kind(parts[3]), parts[4], parts[5]);
  }

  private static ResourceKind kind(String name) {
    return ResourceKind.lookup(name).orElseThrow(() -> new BadRequest(400,
        "unknown resource kind '" + name + "'; known: " + ResourceKind.supportedList()));
  }

  private static List<Document> documents(byte[] body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw new BadRequest(400, "the body is not JSON: " + e.getMessage());
    }
    if (root == null || !root.path("documents").isArray()) {
      throw new BadRequest(400, "expected {\"documents\": [{\"source\": ..., \"content\": ...}]}");
    }
    List<Document> documents = new ArrayList<>();
    for (JsonNode document : root.get("documents")) {
      documents.add(new Document(document.path("source").asText("<request>"), document.path("content").asText(""),
          document.path("namespace").isTextual() ? document.get("namespace").asText() : null));
    }
    return documents;
  }

  private static HttpAnswer outcomes(List<Outcome> outcomes) throws IOException {
    return HttpAnswer.json(200, JSON.writeValueAsBytes(results(outcomes)));
  }

  /** {@code results} and, when there are any, {@code warnings}: one sentence each. */
  private static HttpAnswer applied(ApplyService.Applied applied) throws IOException {
    ObjectNode body = results(applied.outcomes());
    if (!applied.warnings().isEmpty()) {
      applied.warnings().forEach(body.putArray("warnings")::add);
    }
    return HttpAnswer.json(200, JSON.writeValueAsBytes(body));
  }

  private static ObjectNode results(List<Outcome> outcomes) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode results = body.putArray("results");
    for (Outcome outcome : outcomes) {
      results.addObject().put("resource", outcome.displayName()).put("action", outcome.action());
    }
    return body;
  }

  private static HttpAnswer error(int status, String message) throws IOException {
    return HttpAnswer.json(status, JSON.writeValueAsBytes(JSON.createObjectNode().put("error", message)));
  }

  private static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    BadRequest(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  /** {@code /api/v1/logs/revision/NS/NAME}: every replica's log file, each under a header line. */
  /** A Revision's replica logs (one file per replica, restarts appended), their last {@code tail} lines. */
  private String revisionLogs(ResourceKey key, int tail) throws IOException {
    List<Path> files = serving.logs(new RevisionId(key.namespace(), key.name()));
    if (files.isEmpty()) {
      throw new BadRequest(404, key + " has no logs yet");
    }
    List<String> lines = new java.util.ArrayList<>();
    for (Path file : files) {
      if (files.size() > 1) {
        lines.add("==> " + file.getFileName() + " <==");
      }
      lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
    }
    List<String> last = lines.subList(Math.max(0, lines.size() - Math.max(0, tail)), lines.size());
    return last.isEmpty() ? "" : String.join("\n", last) + "\n";
  }

}
