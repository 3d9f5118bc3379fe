package dev.kafkaeventing.filter.internal.cel;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.kafkaeventing.filter.internal.CompiledFilter;
import dev.kafkaeventing.filter.FilterErrors;
import dev.kafkaeventing.filter.internal.EvaluationErrors;
import dev.kafkaeventing.filter.internal.EventView;
import java.util.stream.Collectors;

/**
 * The {@code cel} extension dialect: a CEL expression over the variable {@code event} (see {@link
 * CelEventMap}) that must yield a bool. Type-checked and planned once; evaluation errors and non-bool
 * results mean no match and are counted.
 *
 * <p>Immutable and thread-safe (CEL programs are).
 */
public final class CelFilter extends CompiledFilter {

  private static final Cel CEL = CelFactory.standardCelBuilder()
      .setOptions(CelOptions.current().enableHeterogeneousNumericComparisons(true).build())
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addVar(CelEventMap.VARIABLE, MapType.create(SimpleType.STRING, SimpleType.DYN))
      .setResultType(SimpleType.BOOL)
      .build();

  private final String expression;
  private final CelRuntime.Program program;
  private final FilterErrors errors;

  private CelFilter(String expression, CelRuntime.Program program, FilterErrors errors) {
    this.expression = expression;
    this.program = program;
    this.errors = errors;
  }

  /**
   * Compiles {@code expression}; throws {@link IllegalArgumentException} with the position and
   * reason of the first problems when it does not parse or type-check.
   */
  public static CelFilter compile(String expression, FilterErrors errors) {
    CelValidationResult result = CEL.compile(expression);
    if (result.hasError()) {
      throw new IllegalArgumentException(result.getErrors().stream()
          .map(CelFilter::describe)
          .collect(Collectors.joining("; ")));
    }
    try {
      return new CelFilter(expression, CEL.createProgram(result.getAst()), errors);
    } catch (Exception e) {
      throw new IllegalArgumentException(String.valueOf(e.getMessage()), e);
    }
  }

  private static String describe(CelIssue issue) {
    return "position " + (issue.getSourceLocation().getColumn() + 1) + ": " + issue.getMessage();
  }

  @Override
  public boolean matches(EventView event) {
    Object result;
    try {
      result = program.eval(CelEventMap.of(event).variables());
    } catch (CelEvaluationException | RuntimeException e) {
      EvaluationErrors.record(errors, event, "cel", expression, e.getMessage());
      return false;
    }
    if (result instanceof Boolean) {
      return (Boolean) result;
    }
    EvaluationErrors.record(errors, event, "cel", expression, "the result is not a bool: " + result);
    return false;
  }

  @Override
  public String toString() {
    return "cel(" + expression + ")";
  }
}
