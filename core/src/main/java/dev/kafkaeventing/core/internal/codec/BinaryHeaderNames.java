package dev.kafkaeventing.core.internal.codec;

import io.netty.handler.codec.http.HttpHeaderValidationUtil;
import io.netty.util.AsciiString;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code ce-} header name of each attribute, built once as an {@link AsciiString} (hashed once,
 * written to the wire as bytes) and checked to be a valid header name, so a binary message can be
 * assembled in headers that skip Netty's per-call name validation. Thread-safe.
 *
 * <p>Context attributes have constants; extension names are cached up to {@value #MAX_CACHED} distinct
 * names (events may carry arbitrary ones), and built per call beyond that.
 */
public final class BinaryHeaderNames {

  static final int MAX_CACHED = 1024;
  private static final String PREFIX = "ce-";
  private static final Map<String, AsciiString> CONTEXT = Map.of(
      "specversion", name("specversion"),
      "id", name("id"),
      "source", name("source"),
      "type", name("type"),
      "dataschema", name("dataschema"),
      "schemaurl", name("schemaurl"),
      "subject", name("subject"),
      "time", name("time"),
      "datacontenttype", name("datacontenttype"));
  private static final ConcurrentHashMap<String, AsciiString> EXTENSIONS = new ConcurrentHashMap<>();

  private BinaryHeaderNames() {}

  /**
   * The header name for {@code attribute}.
   *
   * @throws IllegalArgumentException when the name cannot be an HTTP header name
   */
  public static AsciiString of(String attribute) {
    AsciiString known = CONTEXT.get(attribute);
    if (known != null) {
      return known;
    }
    AsciiString cached = EXTENSIONS.get(attribute);
    if (cached != null) {
      return cached;
    }
    AsciiString built = name(attribute);
    if (EXTENSIONS.size() < MAX_CACHED) {
      EXTENSIONS.putIfAbsent(attribute, built);
    }
    return built;
  }

  private static AsciiString name(String attribute) {
    String name = PREFIX + attribute;
    int bad = HttpHeaderValidationUtil.validateToken(name);
    if (bad >= 0) {
      throw new IllegalArgumentException("attribute name " + attribute + " cannot be an HTTP header name");
    }
    return AsciiString.cached(name);
  }
}
