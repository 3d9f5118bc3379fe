package dev.kafkaeventing.core.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.crds.Resource;

/** The one port reconcilers write status through. Called on the reconcile thread. */
@FunctionalInterface
public interface StatusWriter {

  /** Writes {@code status} unless it equals the resource's current one; waits for the write. */
  void writeStatus(Resource resource, ObjectNode status);
}
