package dev.kafkaeventing.core.internal.codec;

import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Set;
import java.util.TreeSet;

/**
 * Walks an event's attributes, except {@code datacontenttype} (which binary modes carry in the
 * content-type header), as (name, canonical string) pairs for the binary content modes. Stateless
 * and thread-safe.
 *
 * <p>The order is fixed (specversion, id, source, type, dataschema or schemaurl, subject, time, then
 * extensions by name) so that encoding the same event twice gives the same bytes.
 */
public final class CanonicalAttributes {

  /** Receives one attribute. */
  @FunctionalInterface
  public interface Sink {
    /** Called once per present attribute, in the fixed order. */
    void accept(String name, String value);
  }

  private CanonicalAttributes() {}

  /** Calls {@code sink} for each present attribute, datacontenttype excluded. */
  public static void forEach(CloudEvent event, Sink sink) {
    sink.accept("specversion", event.getSpecVersion().toString());
    sink.accept("id", event.getId());
    sink.accept("source", event.getSource().toString());
    sink.accept("type", event.getType());
    if (event.getDataSchema() != null) {
      String name = event.getSpecVersion() == SpecVersion.V03 ? "schemaurl" : "dataschema";
      sink.accept(name, event.getDataSchema().toString());
    }
    if (event.getSubject() != null) {
      sink.accept("subject", event.getSubject());
    }
    if (event.getTime() != null) {
      sink.accept("time", AttributeRules.formatTimestamp(event.getTime()));
    }
    Set<String> names = event.getExtensionNames();
    // Sorting is only needed, and a sorted copy only worth its allocation, with two or more.
    for (String name : names.size() < 2 ? names : new TreeSet<>(names)) {
      Object value = event.getExtension(name);
      if (value != null) {
        sink.accept(name, canonical(value));
      }
    }
  }

  /** The canonical string of an attribute value of any CloudEvents type. */
  public static String canonical(Object value) {
    if (value instanceof OffsetDateTime time) {
      return AttributeRules.formatTimestamp(time);
    }
    if (value instanceof byte[] bytes) {
      return Base64.getEncoder().encodeToString(bytes);
    }
    if (value instanceof URI uri) {
      return uri.toString();
    }
    return value.toString();
  }
}
