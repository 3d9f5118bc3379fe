package dev.kafkaeventing.filter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.types.Time;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Events and filter documents for tests. */
public final class TestEvents {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private TestEvents() {}

  /**
   * A v1 event with id {@code 1}, source {@code https://example.com/orders}, type {@code
   * com.example.order.created}, then the given name/value pairs: context attributes by name
   * ({@code time} parsed, {@code data} as UTF-8 bytes), anything else a string extension.
   */
  public static CloudEvent event(String... namesAndValues) {
    CloudEventBuilder builder = CloudEventBuilder.v1()
        .withId("1")
        .withSource(URI.create("https://example.com/orders"))
        .withType("com.example.order.created");
    for (int i = 0; i < namesAndValues.length; i += 2) {
      set(builder, namesAndValues[i], namesAndValues[i + 1]);
    }
    return builder.build();
  }

  private static void set(CloudEventBuilder builder, String name, String value) {
    switch (name) {
      case "id" -> builder.withId(value);
      case "source" -> builder.withSource(URI.create(value));
      case "type" -> builder.withType(value);
      case "subject" -> builder.withSubject(value);
      case "time" -> builder.withTime(Time.parseTime(value));
      case "datacontenttype" -> builder.withDataContentType(value);
      case "dataschema" -> builder.withDataSchema(URI.create(value));
      case "data" -> builder.withData(value.getBytes(StandardCharsets.UTF_8));
      default -> builder.withExtension(name, value);
    }
  }

  /** Parses a YAML (or JSON) document, e.g. {@code [{exact: {type: a}}]}. */
  public static JsonNode yaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(text, e);
    }
  }
}
