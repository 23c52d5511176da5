package be.belfort.classify;

import java.util.List;
import java.util.stream.Collectors;

/** Rules could not be loaded; {@link #problems()} lists every problem found, not only the first. */
public final class RuleException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final List<RuleProblem> problems;

  /** @param problems at least one problem */
  public RuleException(List<RuleProblem> problems) {
    super(describe(problems));
    this.problems = List.copyOf(problems);
  }

  /** All problems, in file order and then line order. */
  public List<RuleProblem> problems() {
    return problems;
  }

  private static String describe(List<RuleProblem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a RuleException needs at least one problem");
    }
    return problems.size()
        + " problem(s) in saved searches:\n"
        + problems.stream().map(RuleProblem::toString).collect(Collectors.joining("\n"));
  }
}
