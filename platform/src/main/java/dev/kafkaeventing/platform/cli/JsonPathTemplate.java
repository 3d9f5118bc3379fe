package dev.kafkaeventing.platform.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * kubectl's {@code -o jsonpath=TEMPLATE}, the common subset: text outside braces is printed as is;
 * {@code {.a.b}}, {@code {.items[*].metadata.name}}, {@code {.items[0]}}, {@code {['key.with.dots']}},
 * {@code {.status.conditions[?(@.type=="Ready")].status}} (also {@code !=} and {@code [?(@.field)]}),
 * {@code {.*}}, {@code {"\n"}} string literals and {@code {range .items[*]}...{end}}. Several
 * results of one expression are joined by a space; a missing field prints nothing. Parsed once;
 * immutable and thread-safe.
 */
final class JsonPathTemplate {

  private sealed interface Part permits Text, Path, Range {}

  private record Text(String text) implements Part {}

  private record Path(boolean fromRoot, List<Step> steps) implements Part {}

  private record Range(Path over, List<Part> body) implements Part {}

  /** One step: a field, every element ({@code *}), an index, or a filter. */
  private record Step(String field, boolean all, Integer index, Filter filter) {}

  private record Filter(Path left, String op, String value) {}

  private final List<Part> parts;

  private JsonPathTemplate(List<Part> parts) {
    this.parts = parts;
  }

  /**
   * Parses a template.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  static JsonPathTemplate parse(String template) {
    List<List<Part>> stack = new ArrayList<>();
    List<Path> ranges = new ArrayList<>();
    List<Part> current = new ArrayList<>();
    int i = 0;
    while (i < template.length()) {
      int open = template.indexOf('{', i);
      if (open < 0) {
        current.add(new Text(template.substring(i)));
        break;
      }
      if (open > i) {
        current.add(new Text(template.substring(i, open)));
      }
      int close = closingBrace(template, open);
      String expression = template.substring(open + 1, close).strip();
      i = close + 1;
      if (expression.startsWith("range ")) {
        stack.add(current);
        ranges.add(path(expression.substring(6).strip(), template));
        current = new ArrayList<>();
      } else if (expression.equals("end")) {
        if (stack.isEmpty()) {
          throw new IllegalArgumentException("jsonpath template '" + template + "': {end} without {range ...}");
        }
        Range range = new Range(ranges.remove(ranges.size() - 1), List.copyOf(current));
        current = stack.remove(stack.size() - 1);
        current.add(range);
      } else if (expression.startsWith("\"") && expression.endsWith("\"") && expression.length() >= 2) {
        current.add(new Text(unescape(expression.substring(1, expression.length() - 1))));
      } else {
        current.add(path(expression, template));
      }
    }
    if (!stack.isEmpty()) {
      throw new IllegalArgumentException("jsonpath template '" + template + "': {range ...} without {end}");
    }
    return new JsonPathTemplate(List.copyOf(current));
  }

  /** Renders the template against a resource or a list. */
  String render(JsonNode root) {
    StringBuilder out = new StringBuilder();
    render(parts, root, root, out);
    return out.toString();
  }

  private static void render(List<Part> parts, JsonNode root, JsonNode current, StringBuilder out) {
    for (Part part : parts) {
      if (part instanceof Text text) {
        out.append(text.text());
      } else if (part instanceof Path path) {
        List<String> values = new ArrayList<>();
        evaluate(path, root, current).forEach(node -> values.add(node.isValueNode() ? node.asText() : node.toString()));
        out.append(String.join(" ", values));
      } else if (part instanceof Range range) {
        for (JsonNode element : evaluate(range.over(), root, current)) {
          render(range.body(), root, element, out);
        }
      }
    }
  }

  private static List<JsonNode> evaluate(Path path, JsonNode root, JsonNode current) {
    List<JsonNode> nodes = List.of(path.fromRoot() ? root : current);
    for (Step step : path.steps()) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode node : nodes) {
        apply(step, root, node, next);
      }
      nodes = next;
    }
    return nodes;
  }

  private static void apply(Step step, JsonNode root, JsonNode node, List<JsonNode> next) {
    if (step.field() != null) {
      JsonNode child = node.get(step.field());
      if (child != null) {
        next.add(child);
      }
    } else if (step.all()) {
      node.elements().forEachRemaining(next::add);
    } else if (step.index() != null) {
      int index = step.index() < 0 ? node.size() + step.index() : step.index();
      if (node.isArray() && index >= 0 && index < node.size()) {
        next.add(node.get(index));
      }
    } else {
      node.elements().forEachRemaining(element -> {
        if (matches(step.filter(), root, element)) {
          next.add(element);
        }
      });
    }
  }

  private static boolean matches(Filter filter, JsonNode root, JsonNode element) {
    List<JsonNode> left = evaluate(filter.left(), root, element);
    if (filter.op() == null) {
      return !left.isEmpty();
    }
    boolean equal = !left.isEmpty() && left.get(0).isValueNode() && left.get(0).asText().equals(filter.value());
    return filter.op().equals("==") == equal;
  }

  private static Path path(String expression, String template) {
    String text = expression;
    boolean fromRoot = text.startsWith("$");
    if (fromRoot || text.startsWith("@")) {
      text = text.substring(1);
    }
    List<Step> steps = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '.') {
        if (i + 1 < text.length() && text.charAt(i + 1) == '.') {
          throw new IllegalArgumentException("jsonpath template '" + template + "': recursive descent (..) is not supported");
        }
        int end = i + 1;
        while (end < text.length() && text.charAt(end) != '.' && text.charAt(end) != '[') {
          end++;
        }
        String field = text.substring(i + 1, end);
        if (field.equals("*")) {
          steps.add(new Step(null, true, null, null));
        } else if (!field.isEmpty()) {
          steps.add(new Step(field, false, null, null));
        }
        i = end;
      } else if (c == '[') {
        int end = closingBracket(text, i, template);
        steps.add(bracket(text.substring(i + 1, end).strip(), template));
        i = end + 1;
      } else {
        throw new IllegalArgumentException("jsonpath template '" + template + "': unexpected '" + c + "' in {"
            + expression + "} (paths start with . or $, e.g. {.metadata.name})");
      }
    }
    return new Path(fromRoot, List.copyOf(steps));
  }

  private static Step bracket(String inside, String template) {
    if (inside.equals("*")) {
      return new Step(null, true, null, null);
    }
    if (inside.matches("-?\\d+")) {
      return new Step(null, false, Integer.parseInt(inside), null);
    }
    if (inside.length() >= 2 && (inside.startsWith("'") && inside.endsWith("'")
        || inside.startsWith("\"") && inside.endsWith("\""))) {
      return new Step(inside.substring(1, inside.length() - 1), false, null, null);
    }
    if (inside.startsWith("?(") && inside.endsWith(")")) {
      String condition = inside.substring(2, inside.length() - 1).strip();
      for (String op : List.of("==", "!=")) {
        int at = condition.indexOf(op);
        if (at > 0) {
          String value = condition.substring(at + 2).strip();
          if (value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"))) {
            value = value.substring(1, value.length() - 1);
          }
          return new Step(null, false, null, new Filter(path(condition.substring(0, at).strip(), template), op, value));
        }
      }
      return new Step(null, false, null, new Filter(path(condition, template), null, null));
    }
    throw new IllegalArgumentException("jsonpath template '" + template + "': unsupported [" + inside
        + "] (supported: [*], [N], ['key'], [?(@.field==\"value\")])");
  }

  private static int closingBrace(String template, int open) {
    boolean quoted = false;
    for (int i = open + 1; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c == '"' && template.charAt(i - 1) != '\\') {
        quoted = !quoted;
      } else if (c == '}' && !quoted) {
        return i;
      }
    }
    throw new IllegalArgumentException("jsonpath template '" + template + "': unclosed {");
  }

  private static int closingBracket(String text, int open, String template) {
    int depth = 0;
    for (int i = open; i < text.length(); i++) {
      if (text.charAt(i) == '[') {
        depth++;
      } else if (text.charAt(i) == ']' && --depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("jsonpath template '" + template + "': unclosed [");
  }

  private static String unescape(String text) {
    return text.replace("\\n", "\n").replace("\\t", "\t").replace("\\\"", "\"").replace("\\\\", "\\");
  }
}
