package dev.kafkaeventing.filter.internal.cesql;

import dev.kafkaeventing.filter.internal.cesql.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a CESQL expression into tokens (CESQL 1.0 §2, lexer grammar of the specification).
 * Keywords are case-insensitive; attribute names are lower-cased (CloudEvents names are lower
 * case). In strings, {@code \'} (single-quoted) or {@code \"} (double-quoted) and a doubled quote
 * stand for the quote; any other backslash is kept as is. Stateless.
 */
final class Lexer {

  private static final String SYMBOL_CHARS = "()*/%+-=<>!,";

  private Lexer() {}

  static List<Token> tokenize(String source) throws CesqlParseException {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    while (i < source.length()) {
      char c = source.charAt(i);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        i++;
      } else if (c == '\'' || c == '"') {
        i = string(source, i, tokens);
      } else if (isWordChar(c)) {
        i = word(source, i, tokens);
      } else if (SYMBOL_CHARS.indexOf(c) >= 0) {
        i = symbol(source, i, tokens);
      } else {
        throw new CesqlParseException(i + 1, "unexpected character '" + c + "'");
      }
    }
    tokens.add(new Token(Kind.END, "", source.length() + 1));
    return tokens;
  }

  private static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  private static int word(String source, int start, List<Token> tokens) {
    int end = start;
    boolean digitsOnly = true;
    boolean underscore = false;
    while (end < source.length() && isWordChar(source.charAt(end))) {
      char c = source.charAt(end++);
      digitsOnly &= c >= '0' && c <= '9';
      underscore |= c == '_';
    }
    String text = source.substring(start, end);
    if (digitsOnly) {
      tokens.add(new Token(Kind.INTEGER, text, start + 1));
    } else if (underscore) {
      tokens.add(new Token(Kind.FUNCTION_NAME, text.toUpperCase(Locale.ROOT), start + 1));
    } else {
      // Upper case for keyword and function matching; the parser lower-cases attribute names.
      tokens.add(new Token(Kind.WORD, text.toUpperCase(Locale.ROOT), start + 1));
    }
    return end;
  }

  private static int symbol(String source, int start, List<Token> tokens)
      throws CesqlParseException {
    String two = source.length() > start + 1 ? source.substring(start, start + 2) : "";
    String symbol = switch (two) {
      case "!=", "<>", "<=", ">=" -> two;
      default -> source.substring(start, start + 1);
    };
    if (symbol.equals("!")) {
      throw new CesqlParseException(start + 1, "unexpected character '!' (did you mean '!='?)");
    }
    tokens.add(new Token(Kind.SYMBOL, symbol, start + 1));
    return start + symbol.length();
  }

  private static int string(String source, int start, List<Token> tokens)
      throws CesqlParseException {
    char quote = source.charAt(start);
    StringBuilder value = new StringBuilder();
    int i = start + 1;
    while (i < source.length()) {
      char c = source.charAt(i);
      char next = i + 1 < source.length() ? source.charAt(i + 1) : 0;
      if (c == '\\' && next != 0) {
        if (next != quote) {
          value.append(c);
        }
        value.append(next);
        i += 2;
      } else if (c == quote && next == quote) {
        value.append(quote);
        i += 2;
      } else if (c == quote) {
        tokens.add(new Token(Kind.STRING, value.toString(), start + 1));
        return i + 1;
      } else {
        value.append(c);
        i++;
      }
    }
    throw new CesqlParseException(start + 1, "unterminated string literal");
  }
}
