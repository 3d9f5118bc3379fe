package dev.kafkaeventing.sources.container;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to run a ContainerSource's container as a local process. Immutable; equal specs mean the
 * running process need not be restarted.
 *
 * @param command {@code command} followed by {@code args}
 * @param environment added to the platform's environment ({@code env}, {@code K_SINK}, {@code K_CE_OVERRIDES})
 * @param workingDir {@code workingDir}; null for the platform's
 * @param logFile where stdout and stderr are appended
 */
public record ProcessSpec(List<String> command, Map<String, String> environment, Path workingDir, Path logFile) {

  public ProcessSpec {
    command = List.copyOf(command);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("command: required");
    }
    environment = Map.copyOf(environment);
    Objects.requireNonNull(logFile, "logFile");
  }
}
