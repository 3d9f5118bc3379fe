package dev.kafkaeventing.filter.internal.cesql;

/**
 * A lexical token. {@code text} is the keyword or name in upper case for keywords and function
 * names, lower case for identifiers, the unescaped content for strings, the digits for integers,
 * the symbol for operators. {@code position} is the 1-based column of its first character.
 */
record Token(Kind kind, String text, int position) {

  enum Kind {
    INTEGER,
    STRING,
    /** A word of letters and digits: keyword, boolean, attribute name or function name. */
    WORD,
    /** A word with underscores: only a function name. */
    FUNCTION_NAME,
    SYMBOL,
    END
  }

  boolean is(Kind kind, String text) {
    return this.kind == kind && this.text.equals(text);
  }

  boolean isSymbol(String symbol) {
    return is(Kind.SYMBOL, symbol);
  }

  boolean isKeyword(String keyword) {
    return is(Kind.WORD, keyword);
  }

  String describe() {
    return switch (kind) {
      case END -> "end of expression";
      case STRING -> "string '" + text + "'";
      default -> "'" + text + "'";
    };
  }
}
