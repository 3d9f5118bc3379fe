package dev.kafkaeventing.broker.policy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.kafkaeventing.broker.policy.PolicyTable.CompiledPolicy;
import dev.kafkaeventing.broker.policy.PolicyTable.Target;
import dev.kafkaeventing.core.control.ControlPorts;
import dev.kafkaeventing.core.control.Reconciler;
import dev.kafkaeventing.crds.Condition;
import dev.kafkaeventing.crds.ConditionSet;
import dev.kafkaeventing.crds.ConditionStatus;
import dev.kafkaeventing.crds.EventPolicySpec;
import dev.kafkaeventing.crds.KReference;
import dev.kafkaeventing.crds.LabelSelectors;
import dev.kafkaeventing.crds.OidcIdentities;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.crds.ResourceValidationException;
import dev.kafkaeventing.crds.StatusBuilder;
import dev.kafkaeventing.filter.EventFilter;
import dev.kafkaeventing.filter.EventFilters;
import dev.kafkaeventing.filter.FilterException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the gate in line with the EventPolicies and {@code config-features}: compiles every
 * policy into the {@link PolicyTable} (subjects, filters, the paths it applies to), writes each
 * policy's status ({@code Ready}, with {@code SubjectsResolved} and {@code FiltersValid}, and
 * {@code status.from}) and each target's {@code status.policies} (with {@code EventPoliciesReady}
 * while authentication is on).
 *
 * <p>Reconciling one policy rebuilds the whole table (policies are few, and a policy's reach
 * depends on other resources' labels); the control plane also calls {@link #refresh} every second,
 * so a new Broker, a label or a feature flag changed takes effect within a second. Reconcile
 * thread only.
 */
public final class EventPolicyReconciler implements Reconciler {

  private static final Logger LOG = LoggerFactory.getLogger(EventPolicyReconciler.class);
  static final List<ResourceKind> TARGET_KINDS = List.of(ResourceKind.BROKER, ResourceKind.CHANNEL,
      ResourceKind.IN_MEMORY_CHANNEL, ResourceKind.KAFKA_CHANNEL, ResourceKind.KAFKA_SINK);
  private static final ConditionSet POLICY_CONDITIONS = ConditionSet.living("SubjectsResolved", "FiltersValid");

  private final ControlPorts ports;
  private final EventPolicyGate gate;
  private final boolean forced;
  private String lastProblem;

  /**
   * @param forced authentication is on whatever {@code config-features} says ({@code up --auth oidc})
   */
  public EventPolicyReconciler(ControlPorts ports, EventPolicyGate gate, boolean forced) {
    this.ports = ports;
    this.gate = gate;
    this.forced = forced;
  }

  @Override
  public void reconcile(Resource policy) {
    refresh();
  }

  @Override
  public void deleted(ResourceKey key) {
    refresh();
  }

  /** Rebuilds the table, hands it to the gate, and writes what changed in statuses. */
  public void refresh() {
    AuthFeatures features = AuthFeatures.read(ports.repository()
        .get(new ResourceKey(ResourceKind.CONFIG_MAP, AuthFeatures.NAMESPACE, AuthFeatures.CONFIG_MAP))
        .orElse(null), forced);
    Map<String, List<CompiledPolicy>> byPath = new HashMap<>();
    Map<String, List<String>> namesByPath = new HashMap<>();
    for (Resource policy : ports.repository().list(ResourceKind.EVENT_POLICY, null)) {
      CompiledPolicy compiled = compile(policy);
      if (compiled == null) {
        continue;
      }
      for (String path : targetsOf(policy)) {
        byPath.computeIfAbsent(path, p -> new ArrayList<>()).add(compiled);
        namesByPath.computeIfAbsent(path, p -> new ArrayList<>()).add(policy.metadata().name());
      }
    }
    gate.update(new PolicyTable(byPath), features);
    if (features.problem() != null && !features.problem().equals(lastProblem)) {
      LOG.warn("{}", features.problem());
    }
    lastProblem = features.problem();
    for (ResourceKind kind : TARGET_KINDS) {
      for (Resource target : ports.repository().list(kind, null)) {
        writeTargetStatus(target, namesByPath.getOrDefault(pathOf(target), List.of()), features);
      }
    }
  }

  /** The policy compiled, its status written; null when its spec is invalid. */
  private CompiledPolicy compile(Resource policy) {
    StatusBuilder status = StatusBuilder.of(policy, POLICY_CONDITIONS, ports.clock())
        .initializeConditions().observedGeneration(policy.metadata().generation());
    EventPolicySpec spec;
    try {
      spec = EventPolicySpec.from(policy);
    } catch (ResourceValidationException e) {
      ports.writeStatus(policy, status.markFalse("SubjectsResolved", "InvalidSpec", e.getMessage()).build());
      return null;
    }
    String namespace = policy.metadata().namespace();
    Set<String> subjects = new LinkedHashSet<>();
    List<String> unresolved = new ArrayList<>();
    for (EventPolicySpec.From from : spec.from()) {
      if (from.sub() != null) {
        subjects.add(from.sub());
      } else {
        resolve(from.ref(), namespace).ifPresentOrElse(subjects::add,
            () -> unresolved.add(from.ref().kind() + " " + from.ref().namespaceOr(namespace) + "/" + from.ref().name()));
      }
    }
    ArrayNode from = JsonNodeFactory.instance.arrayNode();
    subjects.forEach(from::add);
    status.set("from", from);
    if (unresolved.isEmpty()) {
      status.markTrue("SubjectsResolved");
    } else {
      status.markFalse("SubjectsResolved", "SubjectsNotResolved", "not found: " + String.join(", ", unresolved));
    }
    EventFilter filter = null;
    boolean refusesAll = false;
    try {
      filter = spec.filters() == null || spec.filters().isEmpty() ? null : EventFilters.compile(spec.filters());
      status.markTrue("FiltersValid");
    } catch (FilterException e) {
      refusesAll = true;
      status.markFalse("FiltersValid", "InvalidFilters", e.getMessage());
    }
    ports.writeStatus(policy, status.build());
    return new CompiledPolicy(namespace + "/" + policy.metadata().name(), List.copyOf(subjects), filter, refusesAll);
  }

  /** The subject the platform issues for a sender it knows, if it exists. */
  private Optional<String> resolve(KReference ref, String namespace) {
    Optional<ResourceKind> kind = ref.resourceKind();
    if (kind.isEmpty()
        || ports.repository().get(new ResourceKey(kind.get(), ref.namespaceOr(namespace), ref.name())).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(OidcIdentities.subject(kind.get(), ref.namespaceOr(namespace), ref.name()));
  }

  /** The ingress paths a policy applies to: its {@code to}, or every target of its namespace. */
  private Set<String> targetsOf(Resource policy) {
    String namespace = policy.metadata().namespace();
    EventPolicySpec spec = EventPolicySpec.from(policy);
    Set<String> paths = new LinkedHashSet<>();
    if (spec.to().isEmpty()) {
      TARGET_KINDS.forEach(kind -> ports.repository().list(kind, namespace).forEach(r -> paths.add(pathOf(r))));
      return paths;
    }
    for (EventPolicySpec.To to : spec.to()) {
      if (to.ref() != null) {
        ResourceKind.ofKind(to.ref().kind())
            .map(kind -> Target.pathOf(kind, namespace, to.ref().name()))
            .ifPresent(paths::add);
      } else {
        ResourceKind.ofKind(to.selector().kind()).ifPresent(kind -> ports.repository().list(kind, namespace).stream()
            .filter(r -> LabelSelectors.matches(to.selector().labelSelector(), r.metadata().labels()))
            .forEach(r -> paths.add(pathOf(r))));
      }
    }
    return paths;
  }

  private static String pathOf(Resource target) {
    return Target.pathOf(target.resourceKind(), target.metadata().namespace(), target.metadata().name());
  }

  /** {@code status.policies} as Knative lists them, and {@code EventPoliciesReady} while authentication is on. */
  private void writeTargetStatus(Resource target, List<String> policies, AuthFeatures features) {
    if (target.status() == null || target.status().isEmpty()) {
      return; // not reconciled yet: its own reconciler writes first
    }
    StatusBuilder status = StatusBuilder.of(target, null, ports.clock());
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    policies.stream().sorted().forEach(name -> list.addObject()
        .put("apiVersion", ResourceKind.EVENT_POLICY.apiVersion()).put("name", name));
    status.set("policies", list.isEmpty() ? null : list);
    if (features.oidc()) {
      status.setCondition(Condition.of("EventPoliciesReady",
          ConditionStatus.TRUE,
          policies.isEmpty() ? "DefaultAuthorizationMode" : null,
          policies.isEmpty() ? "Default authz mode is \"" + features.mode().flag() + "\"" : null));
    }
    ports.writeStatus(target, status.build());
  }
}
