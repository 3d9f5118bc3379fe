package dev.kafkaeventing.sources.container;

import dev.kafkaeventing.core.control.ControlPorts;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What the ContainerSource and SinkBinding reconcilers need. Immutable.
 *
 * @param ports the repository, status port and requeue every reconciler has
 * @param logDir where each ContainerSource's log goes ({@code <logDir>/<namespace>/<name>.log})
 */
public record ContainerSourceControl(ControlPorts ports, Path logDir) {

  public ContainerSourceControl {
    Objects.requireNonNull(ports, "ports");
    Objects.requireNonNull(logDir, "logDir");
  }
}
