package dev.kafkaeventing.crds;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when resources are invalid; carries every problem found, not only the first. The
 * message has one line per error (see {@link ValidationError#toString()}).
 */
public final class ResourceValidationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<ValidationError> errors;

  public ResourceValidationException(List<ValidationError> errors) {
    super(errors.stream().map(ValidationError::toString).collect(Collectors.joining("\n")));
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("no errors");
    }
    this.errors = List.copyOf(errors);
  }

  /** Every error, in document and field order. */
  public List<ValidationError> errors() {
    return errors;
  }
}
