package dev.kafkaeventing.core.internal.codec;

import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Base64;

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
    for (String name : sortedExtensionNames(event)) {
      Object value = event.getExtension(name);
      if (value != null) {
        sink.accept(name, canonical(value));
      }
    }
  }

  private static String[] sortedExtensionNames(CloudEvent event) {
    // Most events carry a handful of extensions: sorting a small array is far cheaper than a TreeSet.
    String[] names = event.getExtensionNames().toArray(new String[0]);
    if (names.length > 1) {
      Arrays.sort(names);
    }
    return names;
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
