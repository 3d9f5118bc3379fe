package dev.kafkaeventing.core.internal.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.kafkaeventing.core.InvalidEventException;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the JSON event format (structured mode) and the JSON batch format (batched mode) with a
 * streaming parser. Stateless and thread-safe.
 *
 * <p>{@code data} that is JSON is kept as the exact bytes the sender wrote (numbers, escapes and
 * key order untouched), not re-serialised. Duplicate members are refused. A JSON {@code null}
 * member counts as absent. Extension values may be strings, booleans or integers in the
 * specification's 32-bit range.
 *
 * <p>A batch may be empty (the HTTP binding says so); then it yields no event. All events of a
 * batch must share one specversion, as the HTTP binding requires.
 */
public final class JsonEventReader {

  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private JsonEventReader() {}

  /** Reads one event in the JSON event format. */
  public static CloudEvent readEvent(byte[] json) throws InvalidEventException {
    try (JsonParser parser = JSON.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidEventException("a structured event must be a JSON object");
      }
      CloudEvent event = readObject(parser, json).toEvent();
      requireEnd(parser);
      return event;
    } catch (JsonProcessingException e) {
      throw malformed(e);
    } catch (IOException e) {
      throw new InvalidEventException("unreadable JSON body", e);
    }
  }

  /** Reads a JSON array of events in the JSON event format. */
  public static List<CloudEvent> readBatch(byte[] json) throws InvalidEventException {
    List<CloudEvent> events = new ArrayList<>();
    try (JsonParser parser = JSON.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        throw new InvalidEventException("a batch must be a JSON array of events");
      }
      for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
        events.add(readBatchElement(parser, json, token, events));
      }
      requireEnd(parser);
      return events;
    } catch (JsonProcessingException e) {
      throw malformed(e);
    } catch (IOException e) {
      throw new InvalidEventException("unreadable JSON body", e);
    }
  }

  private static CloudEvent readBatchElement(
      JsonParser parser, byte[] json, JsonToken token, List<CloudEvent> before)
      throws IOException, InvalidEventException {
    String where = "event " + (before.size() + 1) + " of the batch: ";
    if (token != JsonToken.START_OBJECT) {
      throw new InvalidEventException(where + "not a JSON object");
    }
    CloudEvent event;
    try {
      event = readObject(parser, json).toEvent();
    } catch (InvalidEventException e) {
      throw new InvalidEventException(where + e.getMessage(), e);
    }
    if (!before.isEmpty() && before.get(0).getSpecVersion() != event.getSpecVersion()) {
      throw new InvalidEventException(where + "all events of a batch must share one specversion");
    }
    return event;
  }

  /** Reads the members of an object whose START_OBJECT was just read. */
  private static StructuredMembers readObject(JsonParser parser, byte[] json)
      throws IOException, InvalidEventException {
    StructuredMembers members = new StructuredMembers();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (value == JsonToken.VALUE_NULL) {
        continue;
      }
      if (name.equals("data")) {
        members.data(rawValue(parser, json), value == JsonToken.VALUE_STRING ? parser.getText() : null);
      } else {
        members.attribute(name, scalar(parser, name, value));
      }
    }
    return members;
  }

  /** The exact bytes of the current value, which may be an object or array. */
  private static byte[] rawValue(JsonParser parser, byte[] json) throws IOException, InvalidEventException {
    long start = parser.currentTokenLocation().getByteOffset();
    parser.skipChildren();
    parser.finishToken();
    long end = parser.currentLocation().getByteOffset();
    if (start < 0 || end < start) {
      throw new InvalidEventException("a JSON event must be encoded in UTF-8");
    }
    return java.util.Arrays.copyOfRange(json, (int) start, (int) end);
  }

  private static Object scalar(JsonParser parser, String name, JsonToken token)
      throws IOException, InvalidEventException {
    return switch (token) {
      case VALUE_STRING -> parser.getText();
      case VALUE_TRUE, VALUE_FALSE -> parser.getBooleanValue();
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> integer(name, parser.getDecimalValue());
      default -> throw new InvalidEventException(
          "attribute " + name + " must be a string, an integer or a boolean");
    };
  }

  private static Integer integer(String name, BigDecimal number) throws InvalidEventException {
    try {
      return number.intValueExact();
    } catch (ArithmeticException e) {
      throw new InvalidEventException(
          "attribute " + name + " must be an integer between -2147483648 and 2147483647", e);
    }
  }

  private static void requireEnd(JsonParser parser) throws IOException, InvalidEventException {
    if (parser.nextToken() != null) {
      throw new InvalidEventException("unexpected content after the JSON value");
    }
  }

  private static InvalidEventException malformed(JsonProcessingException e) {
    return new InvalidEventException("malformed JSON: " + e.getOriginalMessage(), e);
  }
}
