package dev.kafkaeventing.crds;

import dev.kafkaeventing.crds.internal.Problems;
import java.util.List;

/**
 * Validates resources that did not come through {@link ResourceParser} (built in code, received
 * as JSON) and checks updates against the current version. Errors carry the field path, as for
 * parsing.
 *
 * <p>Stateless and thread-safe.
 */
public final class ResourceValidator {

  private ResourceValidator() {}

  /** Every problem with {@code resource} (metadata rules and spec), or an empty list. */
  public static List<ValidationError> validate(Resource resource) {
    Problems problems = new Problems();
    DocumentReader.read(ResourceWriter.toTree(resource), "", resource.metadata().namespace(),
        problems, true);
    return ValidationError.of(resource, problems);
  }

  /**
   * The problems with replacing {@code old} by {@code updated}: a different identity, or a
   * changed immutable field (for example a Trigger's {@code spec.broker}:
   * {@code spec.broker: immutable field changed from 'a' to 'b'}). Does not re-validate
   * {@code updated} itself; see {@link #validate(Resource)}.
   */
  public static List<ValidationError> validateUpdate(Resource old, Resource updated) {
    Problems problems = new Problems();
    if (!old.key().equals(updated.key())) {
      problems.add("metadata.name", "an update must keep the kind, namespace and name of "
          + old.key() + ", got " + updated.key());
    } else {
      UpdateRules.check(old, updated, problems);
    }
    return ValidationError.of(updated, problems);
  }
}
