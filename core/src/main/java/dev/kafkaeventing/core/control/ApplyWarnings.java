package dev.kafkaeventing.core.control;

import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What {@code apply} warns about a valid resource, contributed by the module that reads it (a
 * ConfigMap key a Broker ignores): the resource is stored anyway, as kubectl stores a resource the
 * API server warns about. Runs on an admin API thread, after every document of the apply has
 * validated; must not block.
 */
@FunctionalInterface
public interface ApplyWarnings {

  /**
   * @param declared the resources of one apply, all valid
   * @param lookup finds a resource by key, seeing the resources of the apply before the stored ones
   * @return warnings, one sentence each, naming the resource; empty when none
   */
  List<String> warnings(List<Resource> declared, Function<ResourceKey, Optional<Resource>> lookup);
}
