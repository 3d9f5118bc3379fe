package dev.kafkaeventing.broker.policy;

import dev.kafkaeventing.crds.OidcIdentities;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.filter.EventFilter;
import io.cloudevents.CloudEvent;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which EventPolicies apply at each ingress path, compiled: their subjects and filters. Built on
 * the reconcile thread, read by ingress event loops and the token verifier's thread. Immutable.
 *
 * @param byPath the policies of each path that has any
 */
record PolicyTable(Map<String, List<CompiledPolicy>> byPath) {

  static final PolicyTable EMPTY = new PolicyTable(Map.of());

  PolicyTable {
    byPath = Map.copyOf(byPath);
  }

  List<CompiledPolicy> policiesAt(String path) {
    return byPath.getOrDefault(path, List.of());
  }

  /**
   * One policy, ready to evaluate.
   *
   * @param name {@code namespace/name}, for messages
   * @param subjects allowed subjects; a trailing {@code *} matches any suffix
   * @param filter the events allowed, or null for all; a policy whose filters do not compile has
   *     {@link #refusesAll} set and allows nothing (fail closed)
   * @param refusesAll true when the policy cannot be evaluated
   */
  record CompiledPolicy(String name, List<String> subjects, EventFilter filter, boolean refusesAll) {

    CompiledPolicy {
      subjects = List.copyOf(subjects);
    }

    boolean allowsSubject(String subject) {
      if (refusesAll || subject == null) {
        return false;
      }
      for (String allowed : subjects) {
        if (allowed.endsWith("*")
            ? subject.startsWith(allowed.substring(0, allowed.length() - 1))
            : subject.equals(allowed)) {
          return true;
        }
      }
      return false;
    }

    boolean allowsEvents(List<CloudEvent> events) {
      if (filter == null) {
        return true;
      }
      for (CloudEvent event : events) {
        if (!filter.test(event)) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * The ingress path of a target and the audiences a token for it may carry. A channel's path
   * serves a Channel and the InMemoryChannel or KafkaChannel backing it (one path); a publisher
   * copies the audience from whichever it reads, and the Channel shows its backing's.
   */
  record Target(String namespace, String path, Set<String> audiences) {

    /** The target at {@code path}, or null when the path is not a target's. */
    static Target ofPath(String path) {
      String[] parts = path.split("/", -1);
      if (parts.length == 3 && parts[0].isEmpty()) {
        return new Target(parts[1], path, Set.of(OidcIdentities.audience(ResourceKind.BROKER, parts[1], parts[2])));
      }
      if (parts.length == 4 && parts[0].isEmpty() && parts[1].equals("channels")) {
        return new Target(parts[2], path, Set.of(
            OidcIdentities.audience(ResourceKind.IN_MEMORY_CHANNEL, parts[2], parts[3]),
            OidcIdentities.audience(ResourceKind.KAFKA_CHANNEL, parts[2], parts[3])));
      }
      if (parts.length == 4 && parts[0].isEmpty() && parts[1].equals("sinks")) {
        return new Target(parts[2], path, Set.of(OidcIdentities.audience(ResourceKind.KAFKA_SINK, parts[2], parts[3])));
      }
      return null;
    }

    /** The ingress path of a resource of a target kind, or null for another kind. */
    static String pathOf(ResourceKind kind, String namespace, String name) {
      return switch (kind) {
        case BROKER -> "/" + namespace + "/" + name;
        case CHANNEL, IN_MEMORY_CHANNEL, KAFKA_CHANNEL -> "/channels/" + namespace + "/" + name;
        case KAFKA_SINK -> "/sinks/" + namespace + "/" + name;
        default -> null;
      };
    }
  }
}
