package dev.kafkaeventing.filter.internal.cesql;

/**
 * A compiled LIKE pattern (CESQL 1.0 §3.4.3): {@code %} matches any sequence, {@code _} one
 * character (code point), {@code \%} and {@code \_} the characters themselves; a backslash before
 * anything else is a plain backslash. Matching is case-sensitive and allocation-free; the shapes
 * filters mostly use ({@code 'abc'}, {@code 'abc%'}, {@code '%abc'}, {@code '%abc%'}) become a
 * single String comparison, others use greedy matching with single-star backtracking. Immutable.
 */
final class LikePattern {

  private enum Shape {
    EXACT,
    PREFIX,
    SUFFIX,
    CONTAINS,
    GENERIC
  }

  private static final char LITERAL = 0;
  private static final char ANY_ONE = 1;
  private static final char ANY_MANY = 2;

  private final String source;
  private final char[] chars;
  private final char[] kinds;
  private final Shape shape;
  private final String literal;

  LikePattern(String source) {
    this.source = source;
    StringBuilder chars = new StringBuilder(source.length());
    StringBuilder kinds = new StringBuilder(source.length());
    for (int i = 0; i < source.length(); i++) {
      char c = source.charAt(i);
      boolean escape = c == '\\' && i + 1 < source.length()
          && (source.charAt(i + 1) == '%' || source.charAt(i + 1) == '_');
      if (escape) {
        chars.append(source.charAt(++i));
        kinds.append(LITERAL);
      } else {
        chars.append(c);
        kinds.append(c == '%' ? ANY_MANY : c == '_' ? ANY_ONE : LITERAL);
      }
    }
    this.chars = chars.toString().toCharArray();
    this.kinds = kinds.toString().toCharArray();
    this.shape = shape(this.kinds);
    int from = shape == Shape.SUFFIX || shape == Shape.CONTAINS ? 1 : 0;
    int to = shape == Shape.PREFIX || shape == Shape.CONTAINS ? kinds.length() - 1 : kinds.length();
    this.literal =
        shape == Shape.GENERIC ? null : new String(this.chars, from, Math.max(to - from, 0));
  }

  private static Shape shape(char[] kinds) {
    int n = kinds.length;
    boolean leading = n > 0 && kinds[0] == ANY_MANY;
    boolean trailing = n > 1 && kinds[n - 1] == ANY_MANY;
    for (int i = (leading ? 1 : 0); i < n - (trailing ? 1 : 0); i++) {
      if (kinds[i] != LITERAL) {
        return Shape.GENERIC;
      }
    }
    return leading && trailing ? Shape.CONTAINS
        : leading ? Shape.SUFFIX
        : trailing ? Shape.PREFIX
        : Shape.EXACT;
  }

  boolean matches(String text) {
    return switch (shape) {
      case EXACT -> literal.equals(text);
      case PREFIX -> text.startsWith(literal);
      case SUFFIX -> text.endsWith(literal);
      case CONTAINS -> text.contains(literal);
      case GENERIC -> matchesGeneric(text);
    };
  }

  private boolean matchesGeneric(String text) {
    int t = 0;
    int p = 0;
    int starP = -1;
    int starT = -1;
    while (t < text.length()) {
      if (p < chars.length && kinds[p] == LITERAL && chars[p] == text.charAt(t)) {
        t++;
        p++;
      } else if (p < chars.length && kinds[p] == ANY_ONE) {
        t += Character.charCount(text.codePointAt(t));
        p++;
      } else if (p < chars.length && kinds[p] == ANY_MANY) {
        starP = p++;
        starT = t;
      } else if (starP >= 0) {
        // Let the last % swallow one more character and retry from there.
        starT += Character.charCount(text.codePointAt(starT));
        t = starT;
        p = starP + 1;
      } else {
        return false;
      }
    }
    while (p < chars.length && kinds[p] == ANY_MANY) {
      p++;
    }
    return p == chars.length;
  }

  @Override
  public String toString() {
    return source;
  }
}
