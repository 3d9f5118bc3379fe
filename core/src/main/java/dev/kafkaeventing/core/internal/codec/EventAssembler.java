package dev.kafkaeventing.core.internal.codec;

import dev.kafkaeventing.core.InvalidEventException;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Collects the attributes of one event as a binding reads them, checks each against the
 * specification, and builds the event. One instance per event, used by one thread.
 *
 * <p>The specversion decides which names are context attributes: {@code dataschema} in 1.0,
 * {@code schemaurl} and {@code datacontentencoding} in 0.3; other names are extensions. The event
 * keeps its specversion: 0.3 events are never upgraded to 1.0.
 */
public final class EventAssembler {

  private static final Set<String> V1_ATTRIBUTES =
      Set.of("specversion", "id", "source", "type", "datacontenttype", "dataschema", "subject", "time");
  private static final Set<String> V03_ATTRIBUTES =
      Set.of("specversion", "id", "source", "type", "datacontenttype", "schemaurl", "subject", "time",
          "datacontentencoding");

  private final SpecVersion version;
  /** Bits of the context attribute names seen; extensions are seen when {@link #extensions} holds them. */
  private int seenAttributes;
  private final Map<String, Object> extensions = new TreeMap<>();
  private String id;
  private URI source;
  private String type;
  private String dataContentType;
  private URI schema;
  private String subject;
  private OffsetDateTime time;
  private byte[] data;

  private EventAssembler(SpecVersion version) {
    this.version = version;
  }

  /** Starts an event of the given specversion; only 1.0 and 0.3 exist. */
  public static EventAssembler forSpecVersion(String specVersion) throws InvalidEventException {
    if (specVersion == null) {
      throw new InvalidEventException("missing required attribute specversion");
    }
    return switch (specVersion) {
      case "1.0" -> new EventAssembler(SpecVersion.V1);
      case "0.3" -> new EventAssembler(SpecVersion.V03);
      default -> throw new InvalidEventException(
          "unsupported specversion '" + specVersion + "' (supported: 1.0, 0.3)");
    };
  }

  /** The specversion of the event being assembled. */
  public SpecVersion specVersion() {
    return version;
  }

  /** Whether a name is a context attribute (not an extension) in this specversion. */
  public boolean isContextAttribute(String name) {
    return (version == SpecVersion.V1 ? V1_ATTRIBUTES : V03_ATTRIBUTES).contains(name);
  }

  /**
   * Sets an attribute from its canonical string form (binary modes, JSON strings). Control
   * characters are refused in every attribute, whatever its type.
   */
  public void attribute(String name, String value) throws InvalidEventException {
    markSeen(name);
    AttributeRules.noControlCharacters(name, value);
    switch (name) {
      case "specversion" -> {
        if (!value.equals(version.toString())) {
          throw new InvalidEventException("conflicting specversion values");
        }
      }
      case "id" -> id = AttributeRules.nonEmpty(name, value);
      case "source" -> source = AttributeRules.uriReference(name, value);
      case "type" -> type = AttributeRules.nonEmpty(name, value);
      case "subject" -> subject = AttributeRules.nonEmpty(name, value);
      case "time" -> time = AttributeRules.timestamp(name, value);
      case "datacontenttype" -> dataContentType = AttributeRules.nonEmpty(name, value);
      default -> otherAttribute(name, value);
    }
  }

  /**
   * Sets an extension from a typed value: String, Integer or Boolean (JSON format); a Long is kept
   * as a number too (Knative's {@code knativekafkaoffset}).
   */
  public void extension(String name, Object value) throws InvalidEventException {
    markSeen(name);
    if (value instanceof String text) {
      AttributeRules.noControlCharacters(name, text);
    }
    extensions.put(name, value);
  }

  /** Sets the data; null means the event has none. */
  public void data(byte[] bytes) {
    data = bytes;
  }

  /** Checks the required attributes and builds the event. */
  public CloudEvent build() throws InvalidEventException {
    requirePresent("id", id);
    requirePresent("source", source);
    requirePresent("type", type);
    CloudEventBuilder builder =
        (version == SpecVersion.V1 ? CloudEventBuilder.v1() : CloudEventBuilder.v03())
            .withId(id)
            .withSource(source)
            .withType(type)
            .withSubject(subject)
            .withTime(time)
            .withDataSchema(schema);
    if (dataContentType != null) {
      builder.withDataContentType(dataContentType);
    }
    if (data != null) {
      builder.withData(data);
    }
    for (Map.Entry<String, Object> extension : extensions.entrySet()) {
      withExtension(builder, extension.getKey(), extension.getValue());
    }
    return builder.build();
  }

  private void otherAttribute(String name, String value) throws InvalidEventException {
    if (!isContextAttribute(name)) {
      extensions.put(name, value);
    } else if (name.equals("dataschema") || name.equals("schemaurl")) {
      schema = AttributeRules.uriReference(name, value);
    }
    // 0.3 datacontentencoding only describes data carried as a JSON string; the binding readers
    // apply it before data reaches here, and in binary modes the spec says to ignore it.
  }

  private void markSeen(String name) throws InvalidEventException {
    if (!AttributeRules.isValidName(name)) {
      throw new InvalidEventException(
          "invalid attribute name '" + name + "': only lower-case letters a-z and digits 0-9");
    }
    if (name.equals("data")) {
      throw new InvalidEventException("attribute name 'data' is reserved");
    }
    int bit = attributeBit(name);
    boolean seen = bit == 0 ? extensions.containsKey(name) : (seenAttributes & bit) != 0;
    if (seen) {
      throw new InvalidEventException("attribute " + name + " appears more than once");
    }
    seenAttributes |= bit;
  }

  /**
   * A bit of its own for each name that is a context attribute in some specversion, 0 for the
   * others. Every name is tracked one way only (bit, or the extensions map), whichever specversion
   * makes it an extension, so a duplicate is caught either way; a set per event cost more.
   */
  private static int attributeBit(String name) {
    return switch (name) {
      case "specversion" -> 1;
      case "id" -> 1 << 1;
      case "source" -> 1 << 2;
      case "type" -> 1 << 3;
      case "datacontenttype" -> 1 << 4;
      case "dataschema" -> 1 << 5;
      case "subject" -> 1 << 6;
      case "time" -> 1 << 7;
      case "schemaurl" -> 1 << 8;
      case "datacontentencoding" -> 1 << 9;
      default -> 0;
    };
  }

  private static void requirePresent(String name, Object value) throws InvalidEventException {
    if (value == null) {
      throw new InvalidEventException("missing required attribute " + name);
    }
  }

  /**
   * Sets an extension of a typed value on {@code builder}: Integer, other numbers (a Long such as
   * Knative's {@code knativekafkaoffset}) and Boolean as they are, anything else as its string.
   */
  public static void withExtension(CloudEventBuilder builder, String name, Object value) {
    if (value instanceof Integer number) {
      builder.withExtension(name, number);
    } else if (value instanceof Number number) {
      builder.withExtension(name, number);
    } else if (value instanceof Boolean flag) {
      builder.withExtension(name, flag);
    } else {
      builder.withExtension(name, value.toString());
    }
  }
}
