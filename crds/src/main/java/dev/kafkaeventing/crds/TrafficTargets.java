package dev.kafkaeventing.crds;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kafkaeventing.crds.internal.Names;
import dev.kafkaeventing.crds.internal.Node;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a Knative {@code traffic} list (Service and Route): each target names a revision or
 * follows the latest ready one, percents are 0..100 and sum to 100, tags are DNS labels and
 * unique. The list itself is kept raw for the Route reconciler.
 */
final class TrafficTargets {

  private TrafficTargets() {}

  /** A copy of the list, or null when absent; problems are reported on {@code traffic}. */
  static JsonNode read(Node traffic) {
    if (!traffic.isPresent()) {
      return null;
    }
    int mark = traffic.problems().mark();
    List<Node> targets = traffic.elements();
    int sum = 0;
    Set<String> tags = new HashSet<>();
    for (Node target : targets) {
      if (!target.requireObject()) {
        continue;
      }
      String revision = target.field("revisionName").string();
      String configuration = target.field("configurationName").string();
      Boolean latest = target.field("latestRevision").bool();
      if (Boolean.TRUE.equals(latest) && revision != null) {
        target.field("revisionName").error("must not be set when latestRevision is true");
      }
      if (Boolean.FALSE.equals(latest) && revision == null) {
        target.field("revisionName").error("required when latestRevision is false");
      }
      if (latest == null && revision == null && configuration == null) {
        target.error("one of revisionName or latestRevision: true is required");
      }
      Integer percent = target.field("percent").integer(0, 100);
      sum += percent == null ? 0 : percent;
      String tag = target.field("tag").string();
      if (tag != null) {
        Names.checkDns1123Label(tag).ifPresent(target.field("tag")::error);
        if (!tags.add(tag)) {
          target.field("tag").error("duplicate tag '" + tag + "'");
        }
      }
    }
    if (!targets.isEmpty() && traffic.problems().cleanSince(mark) && sum != 100) {
      traffic.error("traffic targets sum to " + sum + ", want 100");
    }
    return traffic.problems().cleanSince(mark) ? traffic.value().deepCopy() : null;
  }
}
