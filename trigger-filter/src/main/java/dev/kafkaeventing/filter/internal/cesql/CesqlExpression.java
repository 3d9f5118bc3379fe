package dev.kafkaeventing.filter.internal.cesql;

import dev.kafkaeventing.filter.internal.EventView;
import io.cloudevents.CloudEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed CloudEvents SQL (CESQL 1.0) expression. Parse once, evaluate per event: evaluation does
 * not allocate unless an error occurs or a function is called.
 *
 * <p>Immutable and thread-safe.
 */
public final class CesqlExpression {

  private final String source;
  private final Node root;
  private final List<String> missingFunctions;

  private CesqlExpression(String source, Node root, List<String> missingFunctions) {
    this.source = source;
    this.root = root;
    this.missingFunctions = List.copyOf(missingFunctions);
  }

  public static CesqlExpression parse(String source) throws CesqlParseException {
    List<String> missing = new ArrayList<>();
    Node root = Parser.parse(source, missing);
    return new CesqlExpression(source, root, missing);
  }

  /** Calls to functions no overload accepts, as {@code NAME/arity} (each fails at evaluation). */
  public List<String> missingFunctions() {
    return missingFunctions;
  }

  /** The result type if known before evaluation (else {@link CesqlType#ANY}). */
  public CesqlType resultType() {
    return root.type();
  }

  /** Evaluates in "complete evaluation" mode: the value and every error raised. */
  public CesqlResult evaluate(CloudEvent event) {
    EvaluationContext context = new EvaluationContext().reset(new EventView(event), true);
    Object value = root.eval(context);
    return new CesqlResult(value, context.errors());
  }

  /**
   * Evaluates as a filter (CESQL 1.0 §1.2): true only for a Boolean {@code true} without errors.
   * Returns null, not false, when evaluation failed or yielded a non-Boolean, so that the caller can
   * count the failure; {@link #failure} then says why.
   */
  public Boolean test(EventView event) {
    EvaluationContext context = scratch(event).reset(event, false);
    Object value = root.eval(context);
    if (context.errorCount() != 0) {
      return null;
    }
    if (!(value instanceof Boolean)) {
      context.resultNotBoolean();
      return null;
    }
    return (Boolean) value;
  }

  /**
   * Why the last {@link #test} on {@code event} returned null, as an object whose {@code toString}
   * renders the reason (only rendered when logged).
   */
  public Object failure(EventView event) {
    return scratch(event);
  }

  /** Evaluation state lives in the event's view: reused by every CESQL filter on that event. */
  private static EvaluationContext scratch(EventView event) {
    Object scratch = event.cesqlScratch();
    if (scratch instanceof EvaluationContext) {
      return (EvaluationContext) scratch;
    }
    EvaluationContext context = new EvaluationContext();
    event.cesqlScratch(context);
    return context;
  }

  @Override
  public String toString() {
    return source;
  }
}
