package dev.kafkaeventing.serving.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kafkaeventing.serving.RevisionId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a runtime runs for one Revision: the process to start per replica (or, for a runtime that
 * runs images, the pod spec), its readiness probe and how many replicas. Immutable; built by the
 * Revision reconciler from the Revision's spec.
 *
 * @param command the program and its arguments ({@code command} + {@code args}); empty only with
 *     a pod spec
 * @param env the container's environment, {@code valueFrom} already resolved; {@code PORT} and the
 *     {@code K_*} variables are added per replica
 * @param workingDir null for the data directory of the revision
 * @param probe how readiness is checked
 * @param replicas replicas kept running (min-scale / initial-scale)
 * @param drainTimeout the longest a stopping replica is given to finish its requests (timeoutSeconds)
 * @param uid the Revision's uid (owner of what a runtime creates for it); may be null
 * @param podSpec the Revision's pod spec as declared ({@code containers}, {@code image} ...), for
 *     runtimes that run images; null when only the command is run
 */
public record RevisionWorkload(RevisionId id, String service, String configuration, List<String> command,
    Map<String, String> env, String workingDir, ReadinessProbe probe, int replicas, Duration drainTimeout,
    String uid, JsonNode podSpec) {

  public RevisionWorkload {
    Objects.requireNonNull(id, "id");
    command = List.copyOf(command);
    if (command.isEmpty() && podSpec == null) {
      throw new IllegalArgumentException("a revision needs a command to run");
    }
    podSpec = podSpec == null ? null : podSpec.deepCopy();
    env = Map.copyOf(env);
    Objects.requireNonNull(probe, "probe");
    if (replicas < 0) {
      throw new IllegalArgumentException("replicas must not be negative");
    }
  }

  /** A local process workload, without uid or pod spec. */
  public RevisionWorkload(RevisionId id, String service, String configuration, List<String> command,
      Map<String, String> env, String workingDir, ReadinessProbe probe, int replicas, Duration drainTimeout) {
    this(id, service, configuration, command, env, workingDir, probe, replicas, drainTimeout, null, null);
  }

  @Override
  public JsonNode podSpec() {
    return podSpec == null ? null : podSpec.deepCopy();
  }

  /** This workload with {@code replicas} replicas. */
  public RevisionWorkload withReplicas(int newReplicas) {
    return new RevisionWorkload(id, service, configuration, command, env, workingDir, probe, newReplicas,
        drainTimeout, uid, podSpec);
  }

  /** A readiness check: TCP connect to {@code PORT}, or an HTTP GET of {@code path} when given. */
  public record ReadinessProbe(String httpPath, Duration period, int successThreshold) {
    public ReadinessProbe {
      Objects.requireNonNull(period, "period");
      successThreshold = Math.max(1, successThreshold);
    }

    public static ReadinessProbe tcp() {
      return new ReadinessProbe(null, Duration.ofSeconds(1), 1);
    }
  }
}
