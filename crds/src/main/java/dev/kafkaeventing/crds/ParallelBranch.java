package dev.kafkaeventing.crds;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.kafkaeventing.crds.internal.Node;
import java.util.Objects;

/**
 * One branch of a Parallel: an optional filter, the subscriber that handles events the filter
 * lets through, and where the subscriber's replies go. Besides Knative's {@code filter}
 * destination, a branch may carry {@code filters} in the Trigger filter dialects (a kafka-eventing
 * extension, compiled by the trigger-filter module). Immutable and thread-safe;
 * {@link #filters()} returns a copy.
 *
 * @param filter null when no filter service is called
 * @param filters null when not given
 * @param reply null when the Parallel's reply applies
 * @param delivery null when not given
 */
public record ParallelBranch(Destination filter, ArrayNode filters, Destination subscriber,
    Destination reply, DeliverySpec delivery) {

  public ParallelBranch {
    filters = filters == null ? null : filters.deepCopy();
    Objects.requireNonNull(subscriber, "subscriber");
  }

  @Override
  public ArrayNode filters() {
    return filters == null ? null : filters.deepCopy();
  }

  static ParallelBranch read(Node n) {
    if (!n.requireObject()) {
      return null;
    }
    n.allowOnly("filter", "filters", "subscriber", "reply", "delivery");
    int mark = n.problems().mark();
    Destination filter = Destination.read(n.field("filter"));
    ArrayNode filters = TriggerSpec.readFilters(n.field("filters"));
    Destination subscriber = Destination.readRequired(n.field("subscriber"));
    Destination reply = Destination.read(n.field("reply"));
    DeliverySpec delivery = DeliverySpec.read(n.field("delivery"));
    return n.problems().cleanSince(mark)
        ? new ParallelBranch(filter, filters, subscriber, reply, delivery)
        : null;
  }
}
