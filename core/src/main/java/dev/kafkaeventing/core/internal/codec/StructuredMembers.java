package dev.kafkaeventing.core.internal.codec;

import dev.kafkaeventing.core.InvalidEventException;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The members of one JSON-format event, gathered before the specversion is known (it may come
 * last), then turned into an event. One instance per event, used by one thread.
 *
 * <p>Data rules of the JSON event format: {@code data_base64} (1.0) or {@code data} with
 * {@code datacontentencoding: base64} (0.3) carries Base64 bytes; otherwise {@code data} is the
 * JSON value itself when the datacontenttype is JSON (or absent), and the string's text when it is
 * a string of another media type. A JSON {@code data} with no datacontenttype gets
 * {@code application/json}, as the format implies. In 0.3 {@code data_base64} is not a member name, so it is refused
 * like any invalid attribute name.
 */
final class StructuredMembers {

  private static final String DATA_BASE64 = "data_base64";
  private static final String ENCODING = "datacontentencoding";

  private final Map<String, Object> attributes = new LinkedHashMap<>();
  private byte[] rawData;
  private String dataText;

  void attribute(String name, Object value) {
    attributes.put(name, value);
  }

  void data(byte[] raw, String text) {
    rawData = raw;
    dataText = text;
  }

  CloudEvent toEvent() throws InvalidEventException {
    EventAssembler event = EventAssembler.forSpecVersion(string("specversion"));
    boolean v1 = event.specVersion() == SpecVersion.V1;
    for (Map.Entry<String, Object> attribute : attributes.entrySet()) {
      String name = attribute.getKey();
      if (v1 ? name.equals(DATA_BASE64) : name.equals(ENCODING)) {
        continue;
      }
      if (event.isContextAttribute(name)) {
        event.attribute(name, string(name));
      } else {
        event.extension(name, attribute.getValue());
      }
    }
    event.data(v1 ? v1Data() : v03Data());
    if (isImplicitJson(v1)) {
      event.attribute("datacontenttype", MediaTypes.JSON);
    }
    return event.build();
  }

  /**
   * Whether {@code data} is a JSON value with no datacontenttype, which the JSON event format
   * says is {@code application/json}; made explicit so that the event keeps its type in binary
   * mode. Base64 data (binary) is not JSON and stays untyped.
   */
  private boolean isImplicitJson(boolean v1) {
    return rawData != null && !attributes.containsKey("datacontenttype")
        && !attributes.containsKey(v1 ? DATA_BASE64 : ENCODING);
  }

  private byte[] v1Data() throws InvalidEventException {
    if (!attributes.containsKey(DATA_BASE64)) {
      return plainData();
    }
    if (rawData != null) {
      throw new InvalidEventException("data and data_base64 must not both be present");
    }
    return base64(DATA_BASE64, string(DATA_BASE64));
  }

  private byte[] v03Data() throws InvalidEventException {
    if (!attributes.containsKey(ENCODING)) {
      return plainData();
    }
    if (!string(ENCODING).toLowerCase(Locale.ROOT).equals("base64")) {
      throw new InvalidEventException("datacontentencoding must be base64");
    }
    if (rawData != null && dataText == null) {
      throw new InvalidEventException("data must be a Base64 string when datacontentencoding is base64");
    }
    return rawData == null ? null : base64("data", dataText);
  }

  private byte[] plainData() throws InvalidEventException {
    if (rawData != null && dataText != null && !MediaTypes.isJson(string("datacontenttype"))) {
      return dataText.getBytes(StandardCharsets.UTF_8);
    }
    return rawData;
  }

  private String string(String name) throws InvalidEventException {
    Object value = attributes.get(name);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw new InvalidEventException("attribute " + name + " must be a JSON string");
  }

  private static byte[] base64(String member, String text) throws InvalidEventException {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidEventException(member + " is not valid Base64", e);
    }
  }
}
