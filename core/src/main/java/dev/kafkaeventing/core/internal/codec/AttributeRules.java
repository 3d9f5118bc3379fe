package dev.kafkaeventing.core.internal.codec;

import dev.kafkaeventing.core.InvalidEventException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Type rules of CloudEvents attribute values (the specification's type system) and of attribute
 * names. Stateless and thread-safe.
 *
 * <p>Extension names must be lower-case ASCII letters and digits. The specification only
 * <em>recommends</em> at most 20 characters; like Knative's receivers (the Java SDK's builder and
 * sdk-go's {@code SetExtension}, neither of which checks the length) longer names are accepted, so
 * events Knative accepts are accepted here too.
 */
public final class AttributeRules {

  /** RFC 3339 {@code date-time}: upper or lower case T and Z, seconds required, offset required. */
  private static final Pattern RFC_3339 =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})");

  private AttributeRules() {}

  /** Whether a name is a valid attribute name: one or more of {@code a-z} and {@code 0-9}. */
  public static boolean isValidName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9')) {
        return false;
      }
    }
    return true;
  }

  /**
   * A String value of the attribute {@code name}, refused when it holds a character the
   * specification's String type disallows: the control characters U+0000 to U+001F and U+007F to
   * U+009F. Such a value (a CR/LF in {@code datacontenttype}, say) could never be written as an
   * HTTP header, so an event carrying one could be accepted but never delivered.
   */
  public static String noControlCharacters(String name, String value) throws InvalidEventException {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= 0x1F || (c >= 0x7F && c <= 0x9F)) {
        throw new InvalidEventException(String.format(
            "attribute %s must not contain control characters (U+%04X at position %d)", name, (int) c, i));
      }
    }
    return value;
  }

  /** A String attribute that must be non-empty (id, type, subject); blank counts as empty. */
  public static String nonEmpty(String name, String value) throws InvalidEventException {
    if (value.isBlank()) {
      throw new InvalidEventException("attribute " + name + " must be a non-empty string");
    }
    return value;
  }

  /** A URI-reference attribute (source, dataschema, schemaurl): non-empty and RFC 3986 syntax. */
  public static URI uriReference(String name, String value) throws InvalidEventException {
    nonEmpty(name, value);
    ParsedUri last = lastUri;
    if (last != null && last.text().equals(value)) {
      return last.uri();
    }
    try {
      URI uri = new URI(value);
      lastUri = new ParsedUri(value, uri);
      return uri;
    } catch (URISyntaxException e) {
      throw new InvalidEventException(
          "attribute " + name + " is not a valid URI-reference: " + e.getReason(), e);
    }
  }

  /** A URI-reference and the text it was parsed from. */
  private record ParsedUri(String text, URI uri) {}

  /**
   * The last URI-reference parsed, shared by all threads (a URI is immutable): most publishers send
   * every event from one source, so the parse is skipped for the ones after the first.
   */
  private static volatile ParsedUri lastUri;

  /** A Timestamp attribute: an RFC 3339 {@code date-time}. */
  public static OffsetDateTime timestamp(String name, String value) throws InvalidEventException {
    if (!RFC_3339.matcher(value).matches()) {
      throw new InvalidEventException("attribute " + name + " is not an RFC 3339 timestamp");
    }
    try {
      return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    } catch (DateTimeParseException e) {
      throw new InvalidEventException("attribute " + name + " is not an RFC 3339 timestamp", e);
    }
  }

  /** The canonical string form of a Timestamp: RFC 3339, {@code Z} for UTC. */
  public static String formatTimestamp(OffsetDateTime time) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time);
  }
}
