package dev.kafkaeventing.crds;

import dev.kafkaeventing.crds.internal.Node;
import java.util.Objects;

/**
 * One step of a Sequence: a destination that processes the event and replies with the event for
 * the next step, with optional per-step delivery. Immutable and thread-safe.
 *
 * @param delivery null when not given
 */
public record SequenceStep(Destination destination, DeliverySpec delivery) {

  public SequenceStep {
    Objects.requireNonNull(destination, "destination");
  }

  /** Reads a step: destination fields ({@code ref}, {@code uri}) plus {@code delivery}. */
  static SequenceStep read(Node n) {
    if (!n.requireObject()) {
      return null;
    }
    n.allowOnly("ref", "uri", "CACerts", "audience", "delivery");
    int mark = n.problems().mark();
    Destination destination = Destination.readFields(n);
    DeliverySpec delivery = DeliverySpec.read(n.field("delivery"));
    return n.problems().cleanSince(mark) ? new SequenceStep(destination, delivery) : null;
  }
}
