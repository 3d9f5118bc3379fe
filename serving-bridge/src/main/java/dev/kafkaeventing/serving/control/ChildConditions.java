package dev.kafkaeventing.serving.control;

import dev.kafkaeventing.crds.Condition;
import dev.kafkaeventing.crds.ConditionSet;
import dev.kafkaeventing.crds.ConditionStatus;
import dev.kafkaeventing.crds.Conditions;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.StatusBuilder;
import java.util.Optional;

/** Copies a child's Ready condition onto a parent's condition, as Knative's Service does. Stateless. */
final class ChildConditions {

  private ChildConditions() {}

  /** Sets {@code type} from the child's Ready; true only when it is ready at its current generation. */
  static boolean follow(StatusBuilder status, String type, Resource child, String notReadyReason) {
    if (child == null) {
      status.markUnknown(type, notReadyReason, "not created yet");
      return false;
    }
    Optional<Condition> ready = Conditions.find(child.status(), ConditionSet.READY);
    boolean current = child.status().path("observedGeneration").asLong(-1) == child.metadata().generation();
    if (ready.isPresent() && ready.get().isTrue() && current) {
      status.markTrue(type);
      return true;
    }
    String reason = ready.map(Condition::reason).filter(r -> r != null && !r.isEmpty()).orElse(notReadyReason);
    String message = ready.map(Condition::message).orElse(child + " is not ready yet");
    if (ready.map(c -> c.status() == ConditionStatus.FALSE).orElse(false)) {
      status.markFalse(type, reason, message);
    } else {
      status.markUnknown(type, reason, message);
    }
    return false;
  }
}
