package dev.kafkaeventing.serving.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.core.control.Reconciler;
import dev.kafkaeventing.crds.ConditionSet;
import dev.kafkaeventing.crds.Conditions;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.crds.RouteSpec;
import dev.kafkaeventing.crds.StatusBuilder;
import dev.kafkaeventing.serving.RevisionId;
import dev.kafkaeventing.serving.activator.InboundTokens;
import dev.kafkaeventing.serving.activator.TrafficSplit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reconciles a Route into the activator's routing table: host {@code <route>.<ns>.<domain>} and
 * path {@code /<ns>/<route>} split by percent over its revisions ({@code latestRevision: true}
 * follows the Configuration's latest ready revision), and one host per tag,
 * {@code <tag>-<route>.<ns>.<domain>}. Until every target resolves to a ready revision the table
 * keeps what it had and {@code AllTrafficAssigned} says why. Status: {@code url},
 * {@code address.url} (the activator's path, which eventing delivers to) and {@code address.audience}
 * (what a caller's token carries while authentication is on), {@code traffic} with
 * resolved revision names and tag URLs. When the routed revisions change, the namespace's Revisions
 * are reconciled so that those left without traffic stop.
 */
final class RouteReconciler implements Reconciler {

  static final ConditionSet CONDITIONS = ConditionSet.living("AllTrafficAssigned", "IngressReady");

  private final ServingControl control;

  RouteReconciler(ServingControl control) {
    this.control = control;
  }

  @Override
  public void reconcile(Resource route) throws Exception {
    JsonNode traffic = RouteSpec.from(route).traffic();
    String namespace = route.metadata().namespace();
    String name = route.metadata().name();
    String domain = ServingLabels.domain(control.ports().repository());
    String host = name + "." + namespace + "." + domain;
    StatusBuilder status = StatusBuilder.of(route, CONDITIONS, control.ports().clock())
        .initializeConditions()
        .observedGeneration(route.metadata().generation())
        .put("url", "http://" + host)
        .address(control.activatorUrl() + "/" + namespace + "/" + name, InboundTokens.audienceOf(namespace, name));
    List<TrafficSplit.Target> main = new ArrayList<>();
    Map<String, TrafficSplit> byHost = new LinkedHashMap<>();
    ArrayNode statusTraffic = ServingLabels.JSON.arrayNode();
    for (JsonNode target : traffic == null ? ServingLabels.JSON.arrayNode() : traffic) {
      Optional<String> revision = resolve(target, namespace, status);
      if (revision.isEmpty()) {
        control.ports().writeStatus(route, status.build());
        return;
      }
      RevisionId id = new RevisionId(namespace, revision.get());
      int percent = target.path("percent").asInt(0);
      ObjectNode entry = statusTraffic.addObject();
      String tag = target.path("tag").asText("");
      if (!tag.isEmpty()) {
        entry.put("tag", tag);
      }
      entry.put("revisionName", revision.get());
      if (target.path("latestRevision").asBoolean(false)) {
        entry.put("configurationName", target.path("configurationName").asText());
        entry.put("latestRevision", true);
      } else {
        entry.put("latestRevision", false);
      }
      entry.put("percent", percent);
      if (!tag.isEmpty()) {
        String tagHost = tag + "-" + host;
        entry.put("url", "http://" + tagHost);
        byHost.put(tagHost, TrafficSplit.to(id));
      }
      if (percent > 0) {
        main.add(new TrafficSplit.Target(id, percent));
      }
    }
    status.markTrue("AllTrafficAssigned");
    TrafficSplit split = main.isEmpty() ? null : new TrafficSplit(main);
    if (split != null) {
      byHost.put(host, split);
    }
    control.routes().publish(namespace + "/" + name, byHost, split);
    status.markTrue("IngressReady").set("traffic", statusTraffic);
    Set<String> before = routed(route.status().path("traffic"));
    control.ports().writeStatus(route, status.build());
    if (!before.equals(routed(statusTraffic))) {
      control.ports().repository().list(ResourceKind.REVISION, namespace)
          .forEach(r -> control.ports().requeue(r.key()));
    }
  }

  /** The revision a target sends to, or empty (with the reason on {@code AllTrafficAssigned}). */
  private Optional<String> resolve(JsonNode target, String namespace, StatusBuilder status) {
    if (target.hasNonNull("revisionName")) {
      String revision = target.path("revisionName").asText();
      Optional<Resource> found = control.ports().repository().get(new ResourceKey(ResourceKind.REVISION, namespace,
          revision));
      if (found.isEmpty()) {
        status.markFalse("AllTrafficAssigned", "RevisionMissing", "Revision \"" + revision + "\" referenced in traffic"
            + " not found.");
        return Optional.empty();
      }
      if (!Conditions.isReady(found.get())) {
        status.markUnknown("AllTrafficAssigned", "RevisionMissing", "Revision \"" + revision + "\" is not ready.");
        return Optional.empty();
      }
      return Optional.of(revision);
    }
    String configuration = target.path("configurationName").asText("");
    Optional<Resource> found = control.ports().repository().get(new ResourceKey(ResourceKind.CONFIGURATION,
        namespace, configuration));
    String latestReady = found.map(c -> c.status().path("latestReadyRevisionName").asText("")).orElse("");
    if (latestReady.isEmpty()) {
      String why = found.flatMap(c -> Conditions.find(c.status(), ConditionSet.READY))
          .filter(c -> c.message() != null).map(c -> ": " + c.message()).orElse("");
      status.markUnknown("AllTrafficAssigned", "RevisionMissing", "Configuration \"" + configuration
          + "\" does not have any ready Revision" + why);
      if (found.flatMap(c -> Conditions.find(c.status(), ConditionSet.READY)).map(c -> !c.isTrue()
          && c.status() == dev.kafkaeventing.crds.ConditionStatus.FALSE).orElse(false)) {
        status.markFalse("AllTrafficAssigned", "RevisionMissing", "Configuration \"" + configuration
            + "\" does not have any ready Revision" + why);
      }
      return Optional.empty();
    }
    return Optional.of(latestReady);
  }

  private static Set<String> routed(JsonNode traffic) {
    Set<String> names = new HashSet<>();
    traffic.forEach(t -> names.add(t.path("revisionName").asText()));
    return names;
  }

  @Override
  public void deleted(ResourceKey key) throws Exception {
    control.routes().remove(key.namespace() + "/" + key.name());
    control.ports().repository().deleteStatus(key);
    control.ports().repository().list(ResourceKind.REVISION, key.namespace())
        .forEach(r -> control.ports().requeue(r.key()));
  }
}
