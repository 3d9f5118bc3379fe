package dev.kafkaeventing.serving.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.core.control.OwnedResources;
import dev.kafkaeventing.core.control.Reconciler;
import dev.kafkaeventing.crds.ConditionSet;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.crds.ServiceSpec;
import dev.kafkaeventing.crds.StatusBuilder;
import java.util.List;
import java.util.Map;

/**
 * Reconciles a Knative Service into the Configuration and the Route of its name, as Knative does:
 * the Configuration carries {@code spec.template}, the Route {@code spec.traffic} (all to the latest
 * ready revision by default). Its status joins theirs: {@code url}, {@code address.url},
 * {@code latestCreatedRevisionName}, {@code latestReadyRevisionName}, {@code traffic}, and the
 * conditions {@code ConfigurationsReady}, {@code RoutesReady} and {@code Ready}. Deleting it deletes
 * both (the Configuration's reconciler deletes its Revisions).
 */
final class ServiceReconciler implements Reconciler {

  static final ConditionSet CONDITIONS = ConditionSet.living("ConfigurationsReady", "RoutesReady");

  private final ServingControl control;
  private final OwnedResources owned;

  ServiceReconciler(ServingControl control) {
    this.control = control;
    this.owned = new OwnedResources(control.ports().repository(), control.ports().clock());
  }

  @Override
  public void reconcile(Resource service) throws Exception {
    ServiceSpec spec = ServiceSpec.from(service);
    String name = service.metadata().name();
    StatusBuilder status = StatusBuilder.of(service, CONDITIONS, control.ports().clock())
        .initializeConditions()
        .observedGeneration(service.metadata().generation());
    Map<String, String> labels = Map.of(ServingLabels.SERVICE, name);
    ObjectNode configurationSpec = ServingLabels.object();
    configurationSpec.set("template", spec.template());
    Resource configuration = Resource.of(ResourceKind.CONFIGURATION,
        ServingLabels.owned(service, name, labels, Map.of()), configurationSpec);
    ObjectNode routeSpec = ServingLabels.object();
    routeSpec.set("traffic", routeTraffic(name, spec.traffic()));
    Resource route = Resource.of(ResourceKind.ROUTE, ServingLabels.owned(service, name, labels, Map.of()), routeSpec);
    Resource storedConfiguration;
    Resource storedRoute;
    try {
      storedConfiguration = owned.apply(configuration);
      storedRoute = owned.apply(route);
    } catch (OwnedResources.ConflictException e) {
      control.ports().writeStatus(service, status.markFalse("ConfigurationsReady", "NotOwned", e.getMessage()).build());
      return;
    }
    ChildConditions.follow(status, "ConfigurationsReady", storedConfiguration, "OutOfDate");
    ChildConditions.follow(status, "RoutesReady", storedRoute, "OutOfDate");
    JsonNode configurationStatus = storedConfiguration.status();
    JsonNode routeStatus = storedRoute.status();
    status.set("latestCreatedRevisionName", configurationStatus.get("latestCreatedRevisionName"))
        .set("latestReadyRevisionName", configurationStatus.get("latestReadyRevisionName"))
        .set("url", routeStatus.get("url"))
        .set("address", routeStatus.get("address"))
        .set("traffic", routeStatus.get("traffic"));
    control.ports().writeStatus(service, status.build());
  }

  /** The Service's traffic for its Route: targets following the latest revision name the Configuration. */
  private static ArrayNode routeTraffic(String name, JsonNode traffic) {
    ArrayNode targets = ServingLabels.JSON.arrayNode();
    if (traffic == null || !traffic.isArray() || traffic.isEmpty()) {
      targets.addObject().put("configurationName", name).put("latestRevision", true).put("percent", 100);
      return targets;
    }
    for (JsonNode target : traffic) {
      ObjectNode copy = target.deepCopy();
      if (!copy.hasNonNull("revisionName")) {
        copy.put("configurationName", name);
        copy.put("latestRevision", true);
      }
      targets.add(copy);
    }
    return targets;
  }

  @Override
  public void deleted(ResourceKey key) throws Exception {
    for (Resource child : owned.ownedBy(ResourceKind.SERVICE, key.namespace(), key.name(),
        List.of(ResourceKind.ROUTE, ResourceKind.CONFIGURATION))) {
      owned.delete(child.key());
    }
    control.ports().repository().deleteStatus(key);
  }
}
