package dev.kafkaeventing.filter.internal.cesql;

import static dev.kafkaeventing.filter.internal.cesql.CesqlType.ANY;
import static dev.kafkaeventing.filter.internal.cesql.CesqlType.BOOLEAN;
import static dev.kafkaeventing.filter.internal.cesql.CesqlType.INTEGER;
import static dev.kafkaeventing.filter.internal.cesql.CesqlType.STRING;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The built-in functions of CESQL 1.0 (§3.5), plus the casting functions {@code INT}, {@code BOOL},
 * {@code STRING} and the {@code IS_INT}, {@code IS_BOOL} predicates other engines also offer.
 * String positions and lengths count Unicode code points. Stateless.
 */
final class BuiltinFunctions {

  private static final Map<String, List<CesqlFunction>> BY_NAME = List.of(
          new CesqlFunction("LENGTH", List.of(STRING), null, INTEGER,
              (args, context) -> codePoints(text(args, 0))),
          new CesqlFunction("CONCAT", List.of(), STRING, STRING,
              (args, context) -> concat("", args, 0)),
          new CesqlFunction("CONCAT_WS", List.of(STRING), STRING, STRING,
              (args, context) -> concat(text(args, 0), args, 1)),
          new CesqlFunction("LOWER", List.of(STRING), null, STRING,
              (args, context) -> text(args, 0).toLowerCase(Locale.ROOT)),
          new CesqlFunction("UPPER", List.of(STRING), null, STRING,
              (args, context) -> text(args, 0).toUpperCase(Locale.ROOT)),
          new CesqlFunction("TRIM", List.of(STRING), null, STRING,
              (args, context) -> trim(text(args, 0))),
          new CesqlFunction("LEFT", List.of(STRING, INTEGER), null, STRING,
              (args, context) -> left(text(args, 0), (Integer) args[1], context)),
          new CesqlFunction("RIGHT", List.of(STRING, INTEGER), null, STRING,
              (args, context) -> right(text(args, 0), (Integer) args[1], context)),
          new CesqlFunction("SUBSTRING", List.of(STRING, INTEGER), null, STRING,
              (args, context) -> substring(text(args, 0), (Integer) args[1], null, context)),
          new CesqlFunction("SUBSTRING", List.of(STRING, INTEGER, INTEGER), null, STRING,
              (args, context) -> substring(text(args, 0), (Integer) args[1], (Integer) args[2],
                  context)),
          new CesqlFunction("ABS", List.of(INTEGER), null, INTEGER,
              (args, context) -> abs((Integer) args[0], context)),
          new CesqlFunction("INT", List.of(ANY), null, INTEGER,
              (args, context) -> Casts.toInteger(args[0], context)),
          new CesqlFunction("BOOL", List.of(ANY), null, BOOLEAN,
              (args, context) -> Casts.toBoolean(args[0], true, context)),
          new CesqlFunction("STRING", List.of(ANY), null, STRING,
              (args, context) -> Casts.toText(args[0])),
          new CesqlFunction("IS_INT", List.of(ANY), null, BOOLEAN,
              (args, context) -> Casts.isInteger(args[0])),
          new CesqlFunction("IS_BOOL", List.of(ANY), null, BOOLEAN,
              (args, context) -> Casts.isBoolean(args[0])))
      .stream()
      .collect(Collectors.groupingBy(CesqlFunction::name, Collectors.toUnmodifiableList()));

  private BuiltinFunctions() {}

  /** The overload of {@code name} (upper case) taking {@code arity} arguments, or null. */
  static CesqlFunction resolve(String name, int arity) {
    for (CesqlFunction function : BY_NAME.getOrDefault(name, List.of())) {
      if (function.accepts(arity)) {
        return function;
      }
    }
    return null;
  }

  private static String text(Object[] args, int index) {
    return (String) args[index];
  }

  private static int codePoints(String text) {
    return text.codePointCount(0, text.length());
  }

  private static String concat(String delimiter, Object[] args, int from) {
    List<CharSequence> parts = new ArrayList<>(args.length);
    for (int i = from; i < args.length; i++) {
      parts.add((String) args[i]);
    }
    return String.join(delimiter, parts);
  }

  private static String trim(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && isWhiteSpace(text.codePointAt(start))) {
      start += Character.charCount(text.codePointAt(start));
    }
    while (end > start && isWhiteSpace(text.codePointBefore(end))) {
      end -= Character.charCount(text.codePointBefore(end));
    }
    return text.substring(start, end);
  }

  /** Unicode's White_Space property (Java's own definitions differ from it). */
  private static boolean isWhiteSpace(int c) {
    return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680
        || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F
        || c == 0x205F || c == 0x3000;
  }

  private static String left(String text, int count, EvaluationContext context) {
    if (count < 0) {
      context.fail(ErrorKind.FUNCTION_EVALUATION, "LEFT: negative length ", count);
      return text;
    }
    return count >= codePoints(text) ? text : text.substring(0, text.offsetByCodePoints(0, count));
  }

  private static String right(String text, int count, EvaluationContext context) {
    if (count < 0) {
      context.fail(ErrorKind.FUNCTION_EVALUATION, "RIGHT: negative length ", count);
      return text;
    }
    return count >= codePoints(text)
        ? text
        : text.substring(text.offsetByCodePoints(text.length(), -count));
  }

  /** {@code length} is null for the 2-argument form: up to the end. */
  private static String substring(
      String text, int position, Integer length, EvaluationContext context) {
    int size = codePoints(text);
    if (position > size || position < -size || (length != null && length < 0)) {
      context.fail(ErrorKind.FUNCTION_EVALUATION, "SUBSTRING: out of range for length " + size
          + ": position " + position, length == null ? "" : ", length " + length);
      return "";
    }
    if (position == 0) {
      return "";
    }
    int start = position > 0 ? position - 1 : size + position;
    int end = length == null ? size : (int) Math.min((long) start + length, size);
    return text.substring(text.offsetByCodePoints(0, start), text.offsetByCodePoints(0, end));
  }

  private static int abs(int value, EvaluationContext context) {
    if (value == Integer.MIN_VALUE) {
      context.fail(ErrorKind.MATH, "ABS overflows for ", value);
      return Integer.MAX_VALUE;
    }
    return Math.abs(value);
  }
}
