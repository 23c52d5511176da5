package be.belfort.classify;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import be.belfort.classify.RuleEvaluation.Report;
import be.belfort.monitor.AnalysisSpec;
import be.belfort.monitor.PostAnalyzer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Quality gate for the shipped rules on the labeled sets in {@code rules/eval}: the tuning sets the
 * rules are written against and the held-out set that measures whether they generalise. Prints
 * the full report so a failing build shows what to fix.
 */
class RuleQualityTest {

  static final double MIN_MACRO_F1 = 0.85;
  static final double MIN_PLACE_RECALL = 0.85;

  /**
   * Floor on the held-out set, which the rules were never tuned on (written by someone who did not
   * see them): a regression guard on generality. It sits below the tuning bar because unseen phrasing
   * always scores lower (held-out sets scored 0.77, 0.74, 0.83, 0.78, 0.81 and 0.79 before they were
   * read with keyword lists, 0.84–0.90 once searches shared lexicons); raise it as the rules improve.
   */
  static final double MIN_HELDOUT_MACRO_F1 = 0.80;

  /** Tuning sets: the rules are written against them (the former held-out sets joined them once read). */
  @ParameterizedTest
  @ValueSource(strings = {"dev.jsonl", "dev-extra.jsonl", "heldout.jsonl", "heldout-b.jsonl", "heldout-c.jsonl",
      "heldout-d.jsonl", "heldout-e.jsonl", "heldout-f.jsonl", "heldout-g.jsonl", "heldout-h.jsonl", "heldout-i.jsonl",
      "heldout-j.jsonl", "heldout-k.jsonl"})
  void shippedRulesMeetTheQualityBar(String set) throws IOException {
    Report report = evaluate(set, true);
    assertTrue(report.macroF1() >= MIN_MACRO_F1, set + ": macro-F1 " + report.macroF1() + " < " + MIN_MACRO_F1);
    assertPlaces(set, report);
  }

  /**
   * The current held-out sets; each skipped until its author has delivered it. Its report is not printed:
   * whoever tunes the rules must not see which of its posts fail, or it stops measuring anything.
   */
  @ParameterizedTest
  @ValueSource(strings = {"heldout-l.jsonl", "heldout-m.jsonl"})
  void shippedRulesGeneraliseToHeldOutPosts(String set) throws IOException {
    assumeTrue(Files.isRegularFile(RuleLoaderTest.SHIPPED_RULES.resolve("eval").resolve(set)),
        set + " is not written yet: no held-out measure");
    Report report = evaluate(set, false);
    assertTrue(report.macroF1() >= MIN_HELDOUT_MACRO_F1,
        set + ": macro-F1 " + report.macroF1() + " < " + MIN_HELDOUT_MACRO_F1);
    assertPlaces(set, report);
  }

  /**
   * Runs a labeled set through the job's own analyzer; prints the report of a tuning set, so a
   * failure shows what to fix.
   */
  private static Report evaluate(String set, boolean print) throws IOException {
    Path rules = RuleLoaderTest.SHIPPED_RULES;
    AnalysisSpec spec = AnalysisSpec.load(rules);
    List<String> phenomena = spec.rules().phenomena().stream().map(SavedSearch::id).toList();
    Report report;
    try (PostAnalyzer analyzer = spec.newAnalyzer("rule-quality-test".getBytes(StandardCharsets.UTF_8))) {
      report = RuleEvaluation.evaluate(RuleEvaluation.read(rules.resolve("eval").resolve(set)), phenomena, analyzer::analyze);
    }
    if (print) {
      PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
      out.println("== " + set);
      report.print(out);
    }
    return report;
  }

  private static void assertPlaces(String set, Report report) {
    assertTrue(report.placeRecall() >= MIN_PLACE_RECALL,
        set + ": place recall " + report.placeRecall() + " < " + MIN_PLACE_RECALL);
  }
}
