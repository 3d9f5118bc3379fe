package dev.kafkaeventing.crds;

import dev.kafkaeventing.crds.internal.Node;
import dev.kafkaeventing.crds.internal.Problems;
import java.util.Arrays;
import java.util.function.Function;

/** Runs a typed view's reader over a resource's spec and turns problems into an exception. */
final class SpecViews {

  private SpecViews() {}

  /**
   * @throws IllegalArgumentException when the resource is not one of {@code kinds}
   * @throws ResourceValidationException when the spec is invalid
   */
  static <T> T from(Resource resource, Function<Node, T> reader, ResourceKind... kinds) {
    ResourceKind kind = resource.resourceKind();
    if (!Arrays.asList(kinds).contains(kind)) {
      throw new IllegalArgumentException("expected " + Arrays.toString(kinds) + ", got " + resource);
    }
    Problems problems = new Problems();
    T view = reader.apply(Node.root(resource.specView(), kind.bodyAtTopLevel() ? "" : "spec",
        problems));
    if (!problems.isEmpty()) {
      throw new ResourceValidationException(ValidationError.of(resource, problems));
    }
    return view;
  }

  static void requireText(String value, String field) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(field + " is required");
    }
  }
}
