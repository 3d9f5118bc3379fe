package dev.kafkaeventing.crds;

import dev.kafkaeventing.crds.internal.Problems;
import java.util.List;
import java.util.Objects;

/**
 * One problem found in a resource, located as precisely as known: source file, document number,
 * the resource's kind and name, and the field path. {@link #toString()} gives the line shown to
 * users:
 * {@code broker.yaml: document 2 (Trigger my-trigger): spec.delivery.backoffDelay: 'PT1X' is not an ISO-8601 duration}.
 * Immutable and thread-safe.
 *
 * @param source the file or input name; empty when not from a file
 * @param documentIndex 1-based position among the non-empty documents; 0 when not from a file
 * @param kind the document's kind as written; null when unknown
 * @param name the document's metadata.name as written; null when unknown
 * @param fieldPath such as {@code spec.subscriber.ref.name}; empty for the whole document
 */
public record ValidationError(String source, int documentIndex, String kind, String name,
    String fieldPath, String message) {

  public ValidationError {
    source = source == null ? "" : source;
    fieldPath = fieldPath == null ? "" : fieldPath;
    Objects.requireNonNull(message, "message");
  }

  /** An error about an existing resource (not read from a file). */
  public static ValidationError of(Resource resource, String fieldPath, String message) {
    return new ValidationError("", 0, resource.kind(), resource.metadata().name(), fieldPath,
        message);
  }

  static List<ValidationError> of(String source, int documentIndex, String kind, String name,
      Problems problems) {
    return problems.all().stream()
        .map(p -> new ValidationError(source, documentIndex, kind, name, p.path(), p.message()))
        .toList();
  }

  static List<ValidationError> of(Resource resource, Problems problems) {
    return of("", 0, resource.kind(), resource.metadata().name(), problems);
  }

  @Override
  public String toString() {
    StringBuilder line = new StringBuilder();
    if (!source.isEmpty()) {
      line.append(source).append(": ");
    }
    String subject = kind == null ? "" : name == null ? kind : kind + " " + name;
    if (documentIndex > 0) {
      line.append("document ").append(documentIndex);
      line.append(subject.isEmpty() ? "" : " (" + subject + ")").append(": ");
    } else if (!subject.isEmpty()) {
      line.append(subject).append(": ");
    }
    if (!fieldPath.isEmpty()) {
      line.append(fieldPath).append(": ");
    }
    return line.append(message).toString();
  }
}
