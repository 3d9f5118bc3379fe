package dev.kafkaeventing.serving.activator;

import dev.kafkaeventing.serving.RevisionId;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where one host's requests go: revisions with their percents (summing to 100), picked per
 * request at random in proportion. Immutable and thread-safe.
 */
public record TrafficSplit(List<Target> targets) {

  /** One revision and its share. */
  public record Target(RevisionId revision, int percent) {}

  public TrafficSplit {
    targets = List.copyOf(targets);
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("a traffic split needs a target");
    }
  }

  /** A split sending everything to one revision. */
  public static TrafficSplit to(RevisionId revision) {
    return new TrafficSplit(List.of(new Target(revision, 100)));
  }

  RevisionId pick() {
    if (targets.size() == 1) {
      return targets.get(0).revision();
    }
    int total = 0;
    for (Target target : targets) {
      total += target.percent();
    }
    if (total <= 0) {
      return targets.get(0).revision();
    }
    int roll = ThreadLocalRandom.current().nextInt(total);
    for (Target target : targets) {
      roll -= target.percent();
      if (roll < 0) {
        return target.revision();
      }
    }
    return targets.get(targets.size() - 1).revision();
  }
}
