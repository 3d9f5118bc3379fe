package dev.kafkaeventing.core.internal.codec;

import java.util.Locale;

/**
 * Media-type checks the CloudEvents bindings need. Media types are compared case-insensitively and
 * without their parameters ({@code charset=...}), as RFC 7231 requires. Stateless and thread-safe.
 */
public final class MediaTypes {

  /** JSON data: what an absent datacontenttype means for JSON {@code data} in structured mode. */
  public static final String JSON = "application/json";

  /** The media type of the JSON event format (structured content mode). */
  public static final String STRUCTURED_JSON = "application/cloudevents+json";

  /** The media type of the JSON batch format (batched content mode). */
  public static final String BATCH_JSON = "application/cloudevents-batch+json";

  private static final String CLOUDEVENTS_PREFIX = "application/cloudevents";

  /** How a message carries its event(s), told from its content type. */
  public enum Mode {
    /** Attributes in headers, data in the body. */
    BINARY,
    /** One event in the JSON event format. */
    STRUCTURED_JSON,
    /** A JSON array of events in the JSON event format. */
    BATCH_JSON,
    /** A CloudEvents media type of a format this codec does not read (Avro, Protobuf...). */
    UNSUPPORTED_FORMAT
  }

  private MediaTypes() {}

  /**
   * Tells the content mode from a {@code Content-Type} value: a {@code application/cloudevents}
   * prefix means an event format, anything else (or nothing) means binary mode.
   */
  public static Mode modeOf(String contentType) {
    if (!mayBeCloudEventsType(contentType)) {
      return Mode.BINARY; // the common case, told without a lower-cased copy
    }
    String type = essence(contentType);
    if (type == null || !type.startsWith(CLOUDEVENTS_PREFIX)) {
      return Mode.BINARY;
    }
    return switch (type) {
      case STRUCTURED_JSON -> Mode.STRUCTURED_JSON;
      case BATCH_JSON -> Mode.BATCH_JSON;
      default -> Mode.UNSUPPORTED_FORMAT;
    };
  }

  /**
   * Whether {@code data} of this content type is JSON: no content type at all (the JSON format's
   * default), {@code application/json}, {@code text/json} or any {@code +json} suffix.
   */
  public static boolean isJson(String contentType) {
    String type = essence(contentType);
    return type == null
        || type.isEmpty()
        || type.equals("application/json")
        || type.equals("text/json")
        || type.endsWith("+json");
  }

  /** Whether the type, leading whitespace skipped, starts with {@code application/cloudevents} in any case. */
  private static boolean mayBeCloudEventsType(String contentType) {
    if (contentType == null) {
      return false;
    }
    int start = 0;
    while (start < contentType.length() && Character.isWhitespace(contentType.charAt(start))) {
      start++;
    }
    return contentType.regionMatches(true, start, CLOUDEVENTS_PREFIX, 0, CLOUDEVENTS_PREFIX.length());
  }

  /** The lower-cased type/subtype without parameters; null when there is no content type. */
  public static String essence(String contentType) {
    if (contentType == null) {
      return null;
    }
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.strip().toLowerCase(Locale.ROOT);
  }
}
