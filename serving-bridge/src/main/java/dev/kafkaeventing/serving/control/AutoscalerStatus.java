package dev.kafkaeventing.serving.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.serving.autoscaler.Autoscaler;
import dev.kafkaeventing.serving.autoscaler.ScaleDecision;

/**
 * A Revision's {@code status.autoscaler}: desired replicas, mode, the stable and panic averages,
 * pending events and the last scale event with its reason. Stateless.
 */
final class AutoscalerStatus {

  private AutoscalerStatus() {}

  static ObjectNode json(Autoscaler.Status status) {
    ObjectNode node = ServingLabels.object().put("desiredReplicas", status.desired());
    ScaleDecision decision = status.decision();
    if (decision != null) {
      node.put("mode", decision.mode().name().toLowerCase(java.util.Locale.ROOT));
      if (!Double.isNaN(decision.stableAverage())) {
        node.put("stableAverage", round(decision.stableAverage()));
      }
      if (!Double.isNaN(decision.panicAverage())) {
        node.put("panicAverage", round(decision.panicAverage()));
      }
      node.put("pending", decision.pending());
    }
    Autoscaler.ScaleEvent event = status.lastEvent();
    if (event != null) {
      node.set("lastScaleEvent", ServingLabels.object().put("time", event.at().toString())
          .put("from", event.from()).put("to", event.to()).put("reason", event.reason()));
    }
    return node;
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
