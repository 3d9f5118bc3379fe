package dev.kafkaeventing.core;

/**
 * Makes text that came from outside (a request's URI, an attribute, an error message quoting
 * either) safe to log: control characters become {@code \\uXXXX} escapes, so a CR/LF sent by a
 * client can never forge a log line, and long text is cut. Stateless and thread-safe.
 */
public final class LogText {

  /** Longest text kept, in characters; longer text ends with an ellipsis. */
  static final int MAX_CHARS = 256;

  private LogText() {}

  /** The text of {@code value} ({@code "null"} for null), escaped and cut for a log line. */
  public static String of(Object value) {
    String text = String.valueOf(value);
    int length = Math.min(text.length(), MAX_CHARS);
    StringBuilder out = new StringBuilder(length + 16);
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c <= 0x1F || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029') {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return text.length() > MAX_CHARS ? out.append("...").toString() : out.toString();
  }
}
