package dev.kafkaeventing.filter.internal.cesql;

import dev.kafkaeventing.filter.internal.cesql.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.regex.Pattern;

/**
 * Recursive-descent parser for CESQL 1.0 (§2, §3.6). Precedence, loosest first: AND/OR/XOR (one
 * level, right-associative as in the specification's grammar, which Knative's engine also uses),
 * comparisons, {@code + -}, {@code * / %}, postfix {@code [NOT] LIKE} and {@code [NOT] IN}, prefix
 * {@code NOT} and {@code -}, then function calls, {@code EXISTS}, parentheses and atoms.
 *
 * <p>Nesting is bounded so that neither parsing nor evaluation can exhaust the stack. One parser
 * per expression; not thread-safe.
 */
final class Parser {

  static final int MAX_NESTING = 64;
  static final int MAX_DEPTH = 512;

  private static final Set<String> KEYWORDS =
      Set.of("AND", "OR", "XOR", "NOT", "LIKE", "EXISTS", "IN", "TRUE", "FALSE");
  private static final Pattern FUNCTION_NAME = Pattern.compile("[A-Z][A-Z_]*");

  private final List<Token> tokens;
  private final List<String> missingFunctions = new ArrayList<>();
  private int next;
  private int nesting;

  private Parser(List<Token> tokens) {
    this.tokens = tokens;
  }

  /** Parses {@code source}; calls of unknown functions are listed in {@code missingFunctions}. */
  static Node parse(String source, List<String> missingFunctions) throws CesqlParseException {
    Parser parser = new Parser(Lexer.tokenize(source));
    Node root = parser.expression();
    if (parser.peek().kind() != Kind.END) {
      throw parser.unexpected("an operator");
    }
    missingFunctions.addAll(parser.missingFunctions);
    return root;
  }

  private Node expression() throws CesqlParseException {
    List<Node> operands = new ArrayList<>();
    List<LogicNode.Operator> operators = new ArrayList<>();
    operands.add(binary(0));
    while (peekLogicOperator() != null) {
      operators.add(peekLogicOperator());
      next++;
      operands.add(binary(0));
    }
    // Right-associative, built without recursion so long chains cannot overflow the parser.
    Node result = operands.get(operands.size() - 1);
    for (int i = operators.size() - 1; i >= 0; i--) {
      result = checked(new LogicNode(operators.get(i), operands.get(i), result));
    }
    return result;
  }

  private LogicNode.Operator peekLogicOperator() {
    Token token = peek();
    if (token.kind() != Kind.WORD) {
      return null;
    }
    return switch (token.text()) {
      case "AND" -> LogicNode.Operator.AND;
      case "OR" -> LogicNode.Operator.OR;
      case "XOR" -> LogicNode.Operator.XOR;
      default -> null;
    };
  }

  /**
   * Left-associative binary operators by precedence level, loosest first; each maps its symbols to
   * the node they build.
   */
  private static final List<Map<String, BinaryOperator<Node>>> BINARY_LEVELS = List.of(
      Map.of(
          "=", (l, r) -> new EqualityNode(false, l, r),
          "!=", (l, r) -> new EqualityNode(true, l, r),
          "<>", (l, r) -> new EqualityNode(true, l, r),
          "<", (l, r) -> new ComparisonNode(ComparisonNode.Operator.LESS, l, r),
          "<=", (l, r) -> new ComparisonNode(ComparisonNode.Operator.LESS_OR_EQUAL, l, r),
          ">", (l, r) -> new ComparisonNode(ComparisonNode.Operator.GREATER, l, r),
          ">=", (l, r) -> new ComparisonNode(ComparisonNode.Operator.GREATER_OR_EQUAL, l, r)),
      Map.of(
          "+", (l, r) -> new ArithmeticNode(ArithmeticNode.Operator.ADD, l, r),
          "-", (l, r) -> new ArithmeticNode(ArithmeticNode.Operator.SUBTRACT, l, r)),
      Map.of(
          "*", (l, r) -> new ArithmeticNode(ArithmeticNode.Operator.MULTIPLY, l, r),
          "/", (l, r) -> new ArithmeticNode(ArithmeticNode.Operator.DIVIDE, l, r),
          "%", (l, r) -> new ArithmeticNode(ArithmeticNode.Operator.MODULO, l, r)));

  private Node binary(int level) throws CesqlParseException {
    if (level == BINARY_LEVELS.size()) {
      return postfix();
    }
    Node left = binary(level + 1);
    while (true) {
      Token token = peek();
      BinaryOperator<Node> operator =
          token.kind() == Kind.SYMBOL ? BINARY_LEVELS.get(level).get(token.text()) : null;
      if (operator == null) {
        return left;
      }
      next++;
      left = checked(operator.apply(left, binary(level + 1)));
    }
  }

  private Node postfix() throws CesqlParseException {
    Node operand = unary();
    while (true) {
      boolean negated = peek().isKeyword("NOT")
          && (peek(1).isKeyword("LIKE") || peek(1).isKeyword("IN"));
      if (negated) {
        next++;
      }
      if (peek().isKeyword("LIKE")) {
        next++;
        Token pattern = take();
        if (pattern.kind() != Kind.STRING) {
          throw new CesqlParseException(pattern.position(),
              "LIKE needs a string literal pattern, found " + pattern.describe());
        }
        operand = checked(new LikeNode(negated, operand, new LikePattern(pattern.text())));
      } else if (peek().isKeyword("IN")) {
        next++;
        operand = checked(new InNode(negated, operand, arguments("IN", false)));
      } else {
        return operand;
      }
    }
  }

  private Node unary() throws CesqlParseException {
    Token token = peek();
    if (token.isKeyword("NOT")) {
      next++;
      return checked(new NotNode(nested(this::unary)));
    }
    if ((token.isSymbol("-") || token.isSymbol("+")) && peek(1).kind() == Kind.INTEGER) {
      next += 2;
      return integer(token.text() + peek(-1).text(), token.position());
    }
    if (token.isSymbol("-")) {
      next++;
      return checked(new NegateNode(nested(this::unary)));
    }
    return primary();
  }

  private Node primary() throws CesqlParseException {
    Token token = take();
    switch (token.kind()) {
      case INTEGER:
        return integer(token.text(), token.position());
      case STRING:
        return new LiteralNode(token.text());
      case FUNCTION_NAME:
        if (!peek().isSymbol("(")) {
          throw new CesqlParseException(token.position(), "'" + token.text().toLowerCase(Locale.ROOT)
              + "' is not an attribute name (CloudEvents names are letters and digits)");
        }
        return function(token);
      case WORD:
        return word(token);
      default:
        if (token.isSymbol("(")) {
          Node inner = nested(this::expression);
          expect(")");
          return inner;
        }
        next--;
        throw unexpected("a value");
    }
  }

  private Node word(Token token) throws CesqlParseException {
    switch (token.text()) {
      case "TRUE":
        return new LiteralNode(Boolean.TRUE);
      case "FALSE":
        return new LiteralNode(Boolean.FALSE);
      case "EXISTS":
        Token name = take();
        if (name.kind() != Kind.WORD || KEYWORDS.contains(name.text())) {
          throw new CesqlParseException(name.position(),
              "EXISTS needs an attribute name, found " + name.describe());
        }
        return new ExistsNode(name.text().toLowerCase(Locale.ROOT));
      default:
        if (peek().isSymbol("(")) {
          return function(token);
        }
        if (KEYWORDS.contains(token.text())) {
          next--;
          throw unexpected("a value");
        }
        return new IdentifierNode(token.text().toLowerCase(Locale.ROOT));
    }
  }

  private Node function(Token name) throws CesqlParseException {
    if (!FUNCTION_NAME.matcher(name.text()).matches()) {
      throw new CesqlParseException(name.position(), "invalid function name '" + name.text() + "'");
    }
    List<Node> arguments = arguments(name.text(), true);
    CesqlFunction function = BuiltinFunctions.resolve(name.text(), arguments.size());
    if (function == null) {
      MissingFunctionNode missing = new MissingFunctionNode(name.text(), arguments.size());
      missingFunctions.add(missing.signature());
      return missing;
    }
    return checked(new FunctionNode(function, arguments));
  }

  /** A parenthesised, comma-separated list; {@code what} names the construct in errors. */
  private List<Node> arguments(String what, boolean mayBeEmpty) throws CesqlParseException {
    if (!peek().isSymbol("(")) {
      throw unexpected("'(' after " + what);
    }
    next++;
    List<Node> items = new ArrayList<>();
    if (peek().isSymbol(")") && mayBeEmpty) {
      next++;
      return items;
    }
    do {
      items.add(nested(this::expression));
    } while (take().isSymbol(","));
    next--;
    expect(")");
    return items;
  }

  private Node integer(String digits, int position) throws CesqlParseException {
    long value = Casts.parseInteger(digits);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw new CesqlParseException(position, "integer literal " + digits + " is not a 32-bit integer");
    }
    return new LiteralNode((int) value);
  }

  private interface Rule {
    Node parse() throws CesqlParseException;
  }

  private Node nested(Rule rule) throws CesqlParseException {
    enter();
    Node node = rule.parse();
    nesting--;
    return node;
  }

  private void enter() throws CesqlParseException {
    if (++nesting > MAX_NESTING) {
      throw new CesqlParseException(peek().position(), "expression nested too deeply");
    }
  }

  private Node checked(Node node) throws CesqlParseException {
    if (node.depth() > MAX_DEPTH) {
      throw new CesqlParseException(peek().position(), "expression too deep");
    }
    return node;
  }

  private void expect(String symbol) throws CesqlParseException {
    if (!peek().isSymbol(symbol)) {
      throw unexpected("'" + symbol + "'");
    }
    next++;
  }

  private CesqlParseException unexpected(String expected) {
    Token token = peek();
    return new CesqlParseException(token.position(),
        "expected " + expected + " but found " + token.describe());
  }

  private Token peek() {
    return peek(0);
  }

  private Token peek(int offset) {
    return tokens.get(Math.min(Math.max(next + offset, 0), tokens.size() - 1));
  }

  private Token take() {
    Token token = peek();
    next++;
    return token;
  }
}
