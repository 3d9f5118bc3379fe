package dev.kafkaeventing.core.internal.codec;

import dev.kafkaeventing.core.InvalidEventException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

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

  private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

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

  /**
   * A Timestamp attribute: an RFC 3339 {@code date-time} ({@code yyyy-MM-ddTHH:mm:ss}, an optional
   * fraction of 1 to 9 digits, then {@code Z} or {@code ±HH:MM}; upper or lower case T and Z), a
   * real date and time of day. Read by position: every event's {@code time} passes here, and a
   * pattern and a {@code DateTimeFormatter} cost several times as much.
   */
  public static OffsetDateTime timestamp(String name, String value) throws InvalidEventException {
    int length = value.length();
    int at = 19;
    int nanos = 0;
    if (length > at && value.charAt(at) == '.') {
      int start = ++at;
      while (at < length && isDigit(value.charAt(at))) {
        at++;
      }
      int digits = at - start;
      if (digits == 0 || digits > 9) {
        throw notTimestamp(name, null);
      }
      nanos = digits(value, start, digits);
      for (int i = digits; i < 9; i++) {
        nanos *= 10;
      }
    }
    if (length < 20 || !dateAndTimeShaped(value)) {
      throw notTimestamp(name, null);
    }
    ZoneOffset offset;
    char zone = at < length ? value.charAt(at) : ' ';
    if ((zone == 'Z' || zone == 'z') && at + 1 == length) {
      offset = ZoneOffset.UTC;
    } else if ((zone == '+' || zone == '-') && at + 6 == length && isDigit(value.charAt(at + 1))
        && isDigit(value.charAt(at + 2)) && value.charAt(at + 3) == ':' && isDigit(value.charAt(at + 4))
        && isDigit(value.charAt(at + 5))) {
      int sign = zone == '-' ? -1 : 1;
      try {
        offset = ZoneOffset.ofHoursMinutes(sign * digits(value, at + 1, 2), sign * digits(value, at + 4, 2));
      } catch (DateTimeException e) {
        throw notTimestamp(name, e);
      }
    } else {
      throw notTimestamp(name, null);
    }
    try {
      return OffsetDateTime.of(digits(value, 0, 4), digits(value, 5, 2), digits(value, 8, 2), digits(value, 11, 2),
          digits(value, 14, 2), digits(value, 17, 2), nanos, offset);
    } catch (DateTimeException e) {
      throw notTimestamp(name, e);
    }
  }

  /** {@code dddd-dd-ddTdd:dd:dd} in the first 19 characters (T either case). */
  private static boolean dateAndTimeShaped(String value) {
    for (int i = 0; i < 19; i++) {
      char c = value.charAt(i);
      boolean ok = switch (i) {
        case 4, 7 -> c == '-';
        case 10 -> c == 'T' || c == 't';
        case 13, 16 -> c == ':';
        default -> isDigit(c);
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int digits(String value, int from, int count) {
    int result = 0;
    for (int i = from; i < from + count; i++) {
      result = result * 10 + (value.charAt(i) - '0');
    }
    return result;
  }

  private static InvalidEventException notTimestamp(String name, Exception cause) {
    return new InvalidEventException("attribute " + name + " is not an RFC 3339 timestamp", cause);
  }

  /**
   * The canonical string form of a Timestamp: RFC 3339 as {@code DateTimeFormatter.ISO_OFFSET_DATE_TIME}
   * writes it (seconds always, the fraction without trailing zeros, {@code Z} for UTC). Written by
   * position for years 0 to 9999 and whole-minute offsets; the formatter writes the rest.
   */
  public static String formatTimestamp(OffsetDateTime time) {
    int year = time.getYear();
    int offsetSeconds = time.getOffset().getTotalSeconds();
    if (year < 0 || year > 9999 || offsetSeconds % 60 != 0) {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time);
    }
    StringBuilder out = new StringBuilder(35);
    pad(out, year, 4).append('-');
    pad(out, time.getMonthValue(), 2).append('-');
    pad(out, time.getDayOfMonth(), 2).append('T');
    pad(out, time.getHour(), 2).append(':');
    pad(out, time.getMinute(), 2).append(':');
    pad(out, time.getSecond(), 2);
    int nanos = time.getNano();
    if (nanos != 0) {
      int digits = 9;
      while (nanos % 10 == 0) {
        nanos /= 10;
        digits--;
      }
      pad(out.append('.'), nanos, digits);
    }
    if (offsetSeconds == 0) {
      return out.append('Z').toString();
    }
    int minutes = Math.abs(offsetSeconds) / 60;
    out.append(offsetSeconds < 0 ? '-' : '+');
    pad(out, minutes / 60, 2).append(':');
    return pad(out, minutes % 60, 2).toString();
  }

  private static StringBuilder pad(StringBuilder out, int value, int width) {
    for (int divisor = POWERS_OF_TEN[width - 1]; divisor > 0; divisor /= 10) {
      out.append((char) ('0' + value / divisor % 10));
    }
    return out;
  }
}
