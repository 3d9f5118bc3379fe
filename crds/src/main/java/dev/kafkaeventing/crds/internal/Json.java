package dev.kafkaeventing.crds.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

/**
 * The module's configured Jackson mappers. Duplicate keys are errors (as with kubectl); an empty
 * quoted YAML string stays a string; YAML output looks like kubectl's (no document marker, quotes
 * only where needed, numeric-looking strings quoted so they stay strings).
 *
 * <p>Mappers are configured once and thread-safe.
 */
public final class Json {

  public static final JsonMapper JSON = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();

  public static final YAMLMapper YAML = YAMLMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .disable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
      .build();

  private Json() {}

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** A deep copy of an object node, or an empty object for null. */
  public static ObjectNode copyOrEmpty(ObjectNode node) {
    return node == null ? object() : node.deepCopy();
  }

  /** A deep copy of any node, or null. */
  public static JsonNode copyOrNull(JsonNode node) {
    return node == null ? null : node.deepCopy();
  }
}
