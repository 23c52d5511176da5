package be.belfort.cli;

import be.belfort.classify.RuleEvaluation;
import be.belfort.classify.RuleSet;
import be.belfort.classify.SavedSearch;
import be.belfort.monitor.AnalysisSpec;
import be.belfort.monitor.MonitorConfig;
import be.belfort.monitor.PostAnalyzer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code belfort eval-rules}: scores the saved searches and the enrichment on labeled posts, through
 * the same {@link PostAnalyzer} the job runs, and lists every error so an analyst can fix the rules.
 */
@Command(name = "eval-rules", description = "Measure the rules on labeled JSON-lines posts (rules/eval/README.md): per-phenomenon precision, recall, F1, macro-F1, language accuracy, place recall, wijk accuracy, and every false positive and false negative.")
final class EvalRulesCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin JobOptions job = new JobOptions();

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "Labeled JSON-lines file; repeat to evaluate several (one report each).")
    List<Path> inputs;

    @Override
    public Integer call() throws IOException {
        MonitorConfig cfg = job.config(Map.of("pseudonym.key", UUID.randomUUID().toString(), "ingest.max-age", "none"));
        AnalysisSpec analysis = job.analysis(cfg);
        RuleSet rules = analysis.rules();
        List<String> phenomena = rules.phenomena().stream().map(SavedSearch::id).toList();
        PrintWriter out = spec.commandLine().getOut();
        try (PostAnalyzer analyzer = analysis.newAnalyzer(cfg.pseudonymKey().bytes())) {
            for (Path input : inputs) {
                if (!Files.isRegularFile(input)) {
                    throw new Belfort.UserError("labeled file " + input + " does not exist");
                }
                List<RuleEvaluation.LabeledPost> posts;
                try {
                    posts = RuleEvaluation.read(input);
                } catch (IllegalArgumentException e) {
                    throw new Belfort.UserError(e.getMessage());
                }
                out.printf("== %s (rules version %s)%n", input, rules.version());
                RuleEvaluation.evaluate(posts, phenomena, analyzer::analyze).print(out);
                out.println();
            }
        }
        out.flush();
        return 0;
    }
}
