package dev.kafkaeventing.filter.internal.cesql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.types.Time;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads the CESQL TCK (test resources {@code cesql-tck/}, format in its README.md) into cases with
 * the CloudEvent each one evaluates against.
 */
final class CesqlTck {

  static final String FOLDER = "cesql-tck";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** One test case; {@code expectedValue} and {@code error} are null when the case has none. */
  record Case(String file, String name, String expression, Object expectedValue, String error,
      CloudEvent event) {

    @Override
    public String toString() {
      return file + ": " + name;
    }
  }

  private CesqlTck() {}

  /** The TCK folder on the test class path; fails if it is missing. */
  static Path folder() {
    URL url = CesqlTck.class.getClassLoader().getResource(FOLDER);
    if (url == null) {
      throw new IllegalStateException("test resource folder " + FOLDER + " is missing");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Case> load() {
    try (Stream<Path> files = Files.list(folder())) {
      List<Case> cases = new ArrayList<>();
      for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        for (JsonNode test : YAML.readTree(file.toFile()).path("tests")) {
          cases.add(toCase(file.getFileName().toString(), test));
        }
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Case toCase(String file, JsonNode test) {
    JsonNode result = test.get("result");
    String error = test.hasNonNull("error") ? test.get("error").asText() : null;
    return new Case(file, test.path("name").asText(), test.path("expression").asText(),
        result == null ? null : value(result), error,
        event(test.get("event"), test.get("eventOverrides")));
  }

  private static Object value(JsonNode node) {
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isInt()) {
      return node.intValue();
    }
    return node.asText();
  }

  /** The case's event, or a default one with every context attribute, then the overrides. */
  private static CloudEvent event(JsonNode event, JsonNode overrides) {
    CloudEventBuilder builder = CloudEventBuilder.v1();
    if (event == null) {
      builder.withId("defaultId").withSource(URI.create("http://localhost/default"))
          .withType("defaultType").withSubject("defaultSubject")
          .withTime(Time.parseTime("2020-01-01T00:00:00Z"))
          .withDataSchema(URI.create("http://localhost/schema"))
          .withDataContentType("application/json");
    } else {
      apply(builder, event);
    }
    if (overrides != null) {
      apply(builder, overrides);
    }
    return builder.build();
  }

  private static void apply(CloudEventBuilder builder, JsonNode attributes) {
    for (Map.Entry<String, JsonNode> attribute : attributes.properties()) {
      String name = attribute.getKey();
      JsonNode value = attribute.getValue();
      switch (name) {
        case "specversion" -> { }
        case "id" -> builder.withId(value.asText());
        case "source" -> builder.withSource(URI.create(value.asText()));
        case "type" -> builder.withType(value.asText());
        case "subject" -> builder.withSubject(value.asText());
        case "time" -> builder.withTime(Time.parseTime(value.asText()));
        case "datacontenttype" -> builder.withDataContentType(value.asText());
        case "dataschema" -> builder.withDataSchema(URI.create(value.asText()));
        default -> {
          if (value.isBoolean()) {
            builder.withExtension(name, value.booleanValue());
          } else if (value.isInt()) {
            builder.withExtension(name, (Integer) value.intValue());
          } else {
            builder.withExtension(name, value.asText());
          }
        }
      }
    }
  }
}
