package dev.kafkaeventing.filter.internal.cel;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cel.common.values.NullValue;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads an event's data as CEL values when it is JSON: objects become maps, arrays lists, integers
 * {@code long} (beyond 64 bits {@code double}), other numbers {@code double}, null CEL's null.
 * Stateless and thread-safe.
 */
final class JsonData {

  private static final JsonFactory JSON = JsonFactory.builder().build();

  private JsonData() {}

  /**
   * The data as CEL values, or null when the event has no data, declares a non-JSON content type
   * or (declared or not) its data is not valid JSON.
   */
  static Object read(CloudEvent event) {
    CloudEventData data = event.getData();
    String contentType = event.getDataContentType();
    if (data == null || (contentType != null && !isJson(contentType))) {
      return null;
    }
    try (JsonParser parser = JSON.createParser(data.toBytes())) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return null;
      }
      Object value = value(parser, first);
      return parser.nextToken() == null ? value : null;
    } catch (IOException | RuntimeException notJson) {
      return null;
    }
  }

  /** {@code application/json} or a {@code +json} structured syntax suffix, parameters ignored. */
  static boolean isJson(String contentType) {
    int semicolon = contentType.indexOf(';');
    String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .trim()
        .toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json") || mediaType.endsWith("+json");
  }

  private static Object value(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT:
        Map<String, Object> object = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          object.put(name, value(parser, parser.nextToken()));
        }
        return object;
      case START_ARRAY:
        List<Object> array = new ArrayList<>();
        for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY;
            next = parser.nextToken()) {
          array.add(value(parser, next));
        }
        return array;
      case VALUE_STRING:
        return parser.getText();
      case VALUE_NUMBER_INT:
        return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
            ? (Object) parser.getDoubleValue()
            : (Object) parser.getLongValue();
      case VALUE_NUMBER_FLOAT:
        return parser.getDoubleValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return NullValue.NULL_VALUE;
      default:
        throw new IOException("unexpected JSON token " + token);
    }
  }
}
