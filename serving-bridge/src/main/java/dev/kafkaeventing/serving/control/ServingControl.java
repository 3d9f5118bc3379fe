package dev.kafkaeventing.serving.control;

import dev.kafkaeventing.core.control.ControlPorts;
import dev.kafkaeventing.serving.activator.ActivatorRoutes;
import dev.kafkaeventing.serving.activator.Throttlers;
import dev.kafkaeventing.serving.autoscaler.Autoscaler;
import dev.kafkaeventing.serving.runtime.RevisionRuntime;
import java.util.Objects;

/**
 * What the serving reconcilers act through: the control ports, the runtime that runs revisions,
 * the activator's throttlers and routing table, the activator's base URL (the address of
 * every Service and Route) and the autoscaler. Immutable; the parts are thread-safe.
 */
public record ServingControl(ControlPorts ports, RevisionRuntime runtime, Throttlers throttlers,
    ActivatorRoutes routes, String activatorUrl, Autoscaler autoscaler) {

  public ServingControl {
    Objects.requireNonNull(ports, "ports");
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(throttlers, "throttlers");
    Objects.requireNonNull(routes, "routes");
    Objects.requireNonNull(activatorUrl, "activatorUrl");
    Objects.requireNonNull(autoscaler, "autoscaler");
  }
}
