package dev.kafkaeventing.core.internal.codec;

import dev.kafkaeventing.core.InvalidEventException;
import io.netty.handler.codec.http.HttpHeaderValidationUtil;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding of {@code ce-} HTTP header values, as section 3.1.3.2 of the CloudEvents HTTP
 * binding prescribes. Stateless and thread-safe.
 *
 * <p>Encoding escapes space, double-quote, percent and every character outside printable ASCII
 * (U+0021 to U+007E), as the UTF-8 bytes of the character in upper-case {@code %XY} form.
 *
 * <p>Decoding first removes RFC 7230 double-quoted-string quoting (older senders quoted values
 * instead of escaping them), then does one round of percent-decoding and requires the bytes to be
 * valid UTF-8, so overlong forms such as {@code %C0%A0} are refused. Raw bytes above 0x7F, which a
 * non-compliant sender may put in a header and which Netty hands over as ISO-8859-1 characters, are
 * taken as the UTF-8 bytes they were.
 */
public final class HeaderValues {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private HeaderValues() {}

  /** Percent-encodes an attribute's canonical string for use as a {@code ce-} header value. */
  public static String encode(String value) {
    int first = firstToEscape(value);
    if (first < 0) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length() + 16).append(value, 0, first);
    for (int i = first; i < value.length(); ) {
      int codePoint = value.codePointAt(i);
      i += Character.charCount(codePoint);
      if (needsNoEscape(codePoint)) {
        out.append((char) codePoint);
      } else {
        for (byte b : new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8)) {
          out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
        }
      }
    }
    return out.toString();
  }

  /**
   * Returns {@code value} when it may be sent as an HTTP header value as it is (no control
   * characters such as CR or LF), as Netty's validating headers would require.
   *
   * @throws IllegalArgumentException naming {@code what} otherwise
   */
  public static String requireValid(String what, String value) {
    if (HttpHeaderValidationUtil.validateValidHeaderValue(value) >= 0) {
      // Never the value itself: it is what holds the CR/LF, and this message may reach a log.
      throw new IllegalArgumentException(what + " cannot be an HTTP header value: " + encode(value));
    }
    return value;
  }

  /**
   * Decodes a {@code ce-} header value.
   *
   * @param header the header's name, used in the error message
   * @throws InvalidEventException on an unterminated quoted string, a bad {@code %} sequence or
   *     bytes that are not UTF-8
   */
  public static String decode(CharSequence header, String value) throws InvalidEventException {
    if (value.indexOf('%') < 0 && value.indexOf('"') < 0 && isAscii(value)) {
      return value;
    }
    return decode(header.toString(), value);
  }

  /** As {@link #decode(CharSequence, String)}. */
  public static String decode(String header, String value) throws InvalidEventException {
    if (value.indexOf('%') < 0 && value.indexOf('"') < 0 && isAscii(value)) {
      return value;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
    String unquoted = unquote(header, value);
    for (int i = 0; i < unquoted.length(); i++) {
      char c = unquoted.charAt(i);
      if (c == '%') {
        bytes.write(hexByte(header, unquoted, i));
        i += 2;
      } else if (c <= 0xFF) {
        bytes.write(c);
      } else {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return strictUtf8(header, bytes.toByteArray());
  }

  /**
   * Decodes the bytes of a header's value as UTF-8, refusing malformed or overlong sequences.
   *
   * @param header the header's name, for the error message
   */
  public static String strictUtf8(String header, byte[] bytes) throws InvalidEventException {
    for (byte b : bytes) {
      if (b < 0) {
        return strictNonAscii(header, bytes);
      }
    }
    // ASCII is UTF-8 as it is, and the one-byte charset makes the string without a decoder.
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  private static String strictNonAscii(String header, byte[] bytes) throws InvalidEventException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidEventException("header " + header + " is not valid UTF-8", e);
    }
  }

  private static String unquote(String header, String value) throws InvalidEventException {
    if (value.indexOf('"') < 0) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    boolean quoted = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '\\' && quoted) {
        if (++i == value.length()) {
          break;
        }
        out.append(value.charAt(i));
      } else {
        out.append(c);
      }
    }
    if (quoted) {
      throw new InvalidEventException("header " + header + " has an unterminated quoted string");
    }
    return out.toString();
  }

  private static int hexByte(String header, String value, int percentAt)
      throws InvalidEventException {
    int high = percentAt + 1 < value.length() ? hexDigit(value.charAt(percentAt + 1)) : -1;
    int low = percentAt + 2 < value.length() ? hexDigit(value.charAt(percentAt + 2)) : -1;
    if (high < 0 || low < 0) {
      throw new InvalidEventException(
          "header " + header + " has an invalid percent-encoding at position " + percentAt);
    }
    return (high << 4) | low;
  }

  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
  }

  private static int firstToEscape(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (!needsNoEscape(value.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private static boolean needsNoEscape(int c) {
    return c >= 0x21 && c <= 0x7E && c != '"' && c != '%';
  }

  private static boolean isAscii(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) > 0x7F) {
        return false;
      }
    }
    return true;
  }
}
