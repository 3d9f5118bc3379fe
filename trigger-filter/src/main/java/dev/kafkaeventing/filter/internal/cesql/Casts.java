package dev.kafkaeventing.filter.internal.cesql;

/**
 * CESQL type casts (CESQL 1.0 §3.7). A failed cast raises a {@link ErrorKind#CAST} error and yields
 * the target type's zero value. Stateless.
 *
 * <p>Integer to Boolean is only an explicit cast ({@code BOOL(x)}): the TCK requires the implicit
 * one (e.g. {@code NOT 10}) to fail.
 */
final class Casts {

  private Casts() {}

  static Object to(CesqlType type, Object value, EvaluationContext context) {
    return switch (type) {
      case BOOLEAN -> toBoolean(value, false, context);
      case INTEGER -> toInteger(value, context);
      case STRING -> toText(value);
      case ANY -> value;
    };
  }

  static Boolean toBoolean(Object value, boolean explicit, EvaluationContext context) {
    if (value instanceof Boolean) {
      return (Boolean) value;
    }
    if (value instanceof String) {
      String text = (String) value;
      if (equalsAsciiIgnoreCase(text, "true")) {
        return Boolean.TRUE;
      }
      if (equalsAsciiIgnoreCase(text, "false")) {
        return Boolean.FALSE;
      }
    } else if (explicit) {
      return (Integer) value != 0;
    }
    context.fail(ErrorKind.CAST, "cannot cast to Boolean: ", value);
    return Boolean.FALSE;
  }

  static Integer toInteger(Object value, EvaluationContext context) {
    if (value instanceof Integer) {
      return (Integer) value;
    }
    if (value instanceof Boolean) {
      return (Boolean) value ? 1 : 0;
    }
    long parsed = parseInteger((String) value);
    if (parsed == NOT_AN_INTEGER) {
      context.fail(ErrorKind.CAST, "cannot cast to Integer: ", value);
      return 0;
    }
    return (int) parsed;
  }

  static String toText(Object value) {
    return value instanceof String ? (String) value : value.toString();
  }

  /** Whether {@link #toInteger} would succeed (for {@code IS_INT}). */
  static boolean isInteger(Object value) {
    return !(value instanceof String) || parseInteger((String) value) != NOT_AN_INTEGER;
  }

  /** Whether an explicit Boolean cast would succeed (for {@code IS_BOOL}). */
  static boolean isBoolean(Object value) {
    return !(value instanceof String)
        || equalsAsciiIgnoreCase((String) value, "true")
        || equalsAsciiIgnoreCase((String) value, "false");
  }

  private static final long NOT_AN_INTEGER = Long.MIN_VALUE;

  /** Parses an optionally signed base-10 32-bit integer of ASCII digits. */
  static long parseInteger(String text) {
    int length = text.length();
    int start = length > 0 && (text.charAt(0) == '-' || text.charAt(0) == '+') ? 1 : 0;
    if (start == length || length - start > 11) {
      return NOT_AN_INTEGER;
    }
    long result = 0;
    for (int i = start; i < length; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return NOT_AN_INTEGER;
      }
      result = result * 10 + (c - '0');
    }
    result = text.charAt(0) == '-' ? -result : result;
    return result < Integer.MIN_VALUE || result > Integer.MAX_VALUE ? NOT_AN_INTEGER : result;
  }

  /**
   * Case-insensitive comparison with an ASCII lower-case word. No non-ASCII character lower-cases
   * to the letters of "true" or "false", so this equals comparing the lower-cased text.
   */
  private static boolean equalsAsciiIgnoreCase(String text, String lowerWord) {
    if (text.length() != lowerWord.length()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      char lower = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
      if (lower != lowerWord.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  static String describe(Object value) {
    return value instanceof String ? "'" + value + "'" : String.valueOf(value);
  }
}
