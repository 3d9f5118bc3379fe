package dev.kafkaeventing.crds;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reads the YAML examples under {@code src/test/resources/knative-docs}. */
final class Fixtures {

  private Fixtures() {}

  static String text(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/knative-docs/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Resource> parse(String name) {
    return ResourceParser.parse(name, text(name));
  }

  static Resource single(String name) {
    List<Resource> resources = parse(name);
    if (resources.size() != 1) {
      throw new IllegalStateException(name + " holds " + resources.size() + " resources");
    }
    return resources.get(0);
  }
}
