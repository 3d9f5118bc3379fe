package dev.kafkaeventing.platform.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code get KIND [NAME...] | KIND/NAME... | all [-n NS | -A] [-l SELECTOR] [-o FORMAT] [-w]}: lists
 * resources like kubectl.
 */
@Command(name = "get", mixinStandardHelpOptions = true,
    description = {"List resources of a kind, or show some by name.",
        "Examples: get brokers; get trigger hello; get trigger/hello broker/default; get all -A;",
        "get triggers -l team=a -o name; get broker default -o jsonpath='{.status.address.url}'"})
public final class GetCommand extends AdminCommand {

  /** The kinds {@code get all} lists (every kind but ConfigMap, as kubectl's "all" category). */
  static final List<String> ALL_KINDS = List.of("brokers", "triggers", "channels", "inmemorychannels",
      "kafkachannels", "subscriptions", "sequences", "parallels", "pingsources", "containersources",
      "sinkbindings", "apiserversources", "kafkasources", "kafkasinks", "services", "configurations", "revisions",
      "routes");

  @Parameters(arity = "1..*", paramLabel = "RESOURCE",
      description = "KIND [NAME...] or KIND/NAME...; KIND is broker, trigger, configmap, ... (singular, plural or"
          + " short name), or all.")
  List<String> resources;

  @Option(names = {"-n", "--namespace"}, defaultValue = "default",
      description = "Namespace to look in (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Option(names = {"-A", "--all-namespaces"}, description = "List the resources of every namespace.")
  boolean allNamespaces;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
      description = "yaml, json, wide, name (kind.group/name) or jsonpath=TEMPLATE, e.g."
          + " jsonpath='{.items[*].metadata.name}' (default: a table).")
  String output;

  @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR",
      description = "Only resources whose labels match: key=value, key!=value, key, !key; comma-separated,"
          + " all must hold.")
  String selector;

  @Option(names = {"-w", "--watch"},
      description = "After listing, poll every second and print each resource that changes, until Ctrl+C.")
  boolean watch;

  @Option(names = "--watch-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Stop watching after this long, e.g. 30s (default: until Ctrl+C).")
  Duration watchTimeout;

  @Option(names = "--ignore-not-found",
      description = "A resource named that does not exist is no error: print nothing for it, exit 0.")
  boolean ignoreNotFound;

  @Option(names = "--chunk-size", defaultValue = "500",
      description = "Resources per admin API call; a long list is read in pages of this size (1-5000, default:"
          + " ${DEFAULT-VALUE}).")
  int chunkSize;

  @Override
  void run(AdminApi api, PrintWriter out) {
    List<ResourceArgs.Ref> refs = parseArgs();
    LabelSelector labels = selector == null ? null : usage(() -> LabelSelector.parse(selector));
    ResourcePrinter printer = ResourcePrinter.of(output, spec.commandLine());
    boolean named = ResourceArgs.named(refs);
    if (named && labels != null) {
      throw new ParameterException(spec.commandLine(), "a selector (-l) cannot be used with resource names");
    }
    if (chunkSize < 1 || chunkSize > 5000) {
      throw new ParameterException(spec.commandLine(), "--chunk-size must be from 1 to 5000, got " + chunkSize);
    }
    List<String> missing = new ArrayList<>();
    List<JsonNode> items = read(api, refs, labels, missing);
    boolean qualified = refs.size() > 1 && !named || refs.get(0).kind().equals("all");
    if (items.isEmpty() && !named && printer.isTable()) {
      out.println(allNamespaces ? "No resources found." : "No resources found in " + namespace + " namespace.");
    } else {
      printer.print(items, named && refs.size() == 1, allNamespaces, qualified, out);
    }
    out.flush();
    if (watch) {
      watch(api, refs, labels, printer, items, qualified, out);
    }
    if (!missing.isEmpty()) {
      throw new CliException(String.join("\n", missing), 404);
    }
  }

  private List<ResourceArgs.Ref> parseArgs() {
    List<ResourceArgs.Ref> refs = usage(() -> ResourceArgs.parse(resources));
    if (refs.get(0).kind().equals("all")) {
      if (refs.get(0).name() != null) {
        throw new ParameterException(spec.commandLine(), "'all' lists every kind; it takes no names");
      }
      List<ResourceArgs.Ref> every = new ArrayList<>();
      ALL_KINDS.forEach(kind -> every.add(new ResourceArgs.Ref(kind, null)));
      return every;
    }
    return refs;
  }

  private List<JsonNode> read(AdminApi api, List<ResourceArgs.Ref> refs, LabelSelector labels, List<String> missing) {
    List<JsonNode> items = new ArrayList<>();
    for (ResourceArgs.Ref ref : refs) {
      if (ref.name() != null) {
        try {
          items.add(api.get(ref.kind(), namespace, ref.name()));
        } catch (CliException e) {
          if (!e.notFound()) {
            throw e;
          }
          if (!ignoreNotFound) {
            missing.add(e.getMessage());
          }
        }
      } else {
        for (JsonNode item : api.list(ref.kind(), allNamespaces ? null : namespace, chunkSize).path("items")) {
          if (labels == null || labels.matches(item)) {
            items.add(item);
          }
        }
      }
    }
    return items;
  }

  /** Polls once a second; prints each resource that appeared, changed or went since the last poll. */
  private void watch(AdminApi api, List<ResourceArgs.Ref> refs, LabelSelector labels, ResourcePrinter printer,
      List<JsonNode> initial, boolean qualified, PrintWriter out) {
    long deadline = watchTimeout == null ? Long.MAX_VALUE : System.nanoTime() + watchTimeout.toNanos();
    Map<String, JsonNode> seen = byKey(initial);
    while (System.nanoTime() < deadline) {
      try {
        Thread.sleep(Math.max(1, Math.min(1000, (deadline - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      Map<String, JsonNode> now = byKey(read(api, refs, labels, new ArrayList<>()));
      List<JsonNode> changed = new ArrayList<>();
      now.forEach((key, item) -> {
        if (!item.equals(seen.get(key))) {
          changed.add(item);
        }
      });
      seen.forEach((key, item) -> {
        if (!now.containsKey(key)) {
          changed.add(item);
        }
      });
      if (!changed.isEmpty()) {
        printer.printMore(changed, allNamespaces, qualified, out);
        out.flush();
      }
      seen.clear();
      seen.putAll(now);
    }
  }

  private static Map<String, JsonNode> byKey(List<JsonNode> items) {
    Map<String, JsonNode> byKey = new LinkedHashMap<>();
    for (JsonNode item : items) {
      byKey.put(item.path("kind").asText() + "/" + item.path("metadata").path("namespace").asText() + "/"
          + item.path("metadata").path("name").asText(), item);
    }
    return byKey;
  }

  private <T> T usage(java.util.function.Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** kubectl's List of the items. */
  static JsonNode list(List<JsonNode> items) {
    ObjectNode list = AdminApi.JSON.createObjectNode();
    list.put("apiVersion", "v1");
    list.put("kind", "List");
    ArrayNode array = list.putArray("items");
    items.forEach(array::add);
    return list;
  }
}
