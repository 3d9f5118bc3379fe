package dev.kafkaeventing.core.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import java.time.Clock;
import java.util.Objects;

/**
 * What every reconciler acts through, whatever its kind: the repository it reads, the one port it
 * writes status through, and the way to ask for another reconcile. Each module adds what its own
 * reconcilers need (the dispatcher, receiver paths, topics) in a record of its own. Immutable;
 * the ports are thread-safe.
 */
public record ControlPorts(Clock clock, ResourceRepository repository, StatusWriter statusWriter, Requeue requeuer) {

  public ControlPorts {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(statusWriter, "statusWriter");
    Objects.requireNonNull(requeuer, "requeuer");
  }

  /** Writes a status unless it equals the resource's current one. */
  public void writeStatus(Resource resource, ObjectNode status) {
    statusWriter.writeStatus(resource, status);
  }

  /** Reconcile this resource again (soon, on the reconcile thread). */
  public void requeue(ResourceKey key) {
    requeuer.requeue(key);
  }

  /** Resolves destinations against the repository. */
  public DestinationResolver resolver() {
    return new DestinationResolver(repository);
  }
}
