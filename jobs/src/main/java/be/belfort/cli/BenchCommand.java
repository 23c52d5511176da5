package be.belfort.cli;

import be.belfort.monitor.AnalysisSpec;
import be.belfort.monitor.ClassifyBenchmark;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code belfort bench classify}: how many posts per second one core analyses. */
@Command(name = "bench", description = "Benchmarks (print numbers; nothing is asserted).", subcommands = BenchCommand.Classify.class)
final class BenchCommand {

    @Command(name = "classify", description = "Enrich + classify throughput and latency on one thread with the shipped saved searches and with generated ones, next to bare lucene-monitor on the same posts and queries.")
    static final class Classify implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--rules", paramLabel = "DIR", description = "Rules folder (default: this checkout's rules/).")
        java.nio.file.Path rules;

        @Option(names = "--posts", paramLabel = "N", description = "Posts with the shipped searches; larger configurations use proportionally fewer. Default: ${DEFAULT-VALUE}.")
        int posts = ClassifyBenchmark.Config.standard().posts();

        @Option(names = "--searches", split = ",", paramLabel = "N[,N...]", description = "Generated searches added to the shipped ones, one configuration each. Default: 0,1000,10000.")
        List<Integer> searches = ClassifyBenchmark.Config.standard().extraSearches();

        @Option(names = "--batch", paramLabel = "N", description = "Posts per analyzeBatch call. Default: ${DEFAULT-VALUE}.")
        int batch = ClassifyBenchmark.Config.standard().batchSize();

        @Override
        public Integer call() {
            if (posts < 1 || batch < 1 || searches.stream().anyMatch(n -> n < 0)) {
                throw new Belfort.UserError("--posts and --batch must be positive, --searches >= 0");
            }
            JobOptions opts = new JobOptions();
            opts.rules = rules;
            AnalysisSpec spec = AnalysisSpec.load(opts.rulesDir());
            PrintWriter out = this.spec.commandLine().getOut();
            out.println("one thread, " + Runtime.getRuntime().availableProcessors() + " cores visible; warm-up pass before each timed pass");
            out.flush();
            ClassifyBenchmark.Config config = new ClassifyBenchmark.Config(posts, searches, batch,
                    ClassifyBenchmark.Config.standard().seed());
            List<ClassifyBenchmark.Row> rows = ClassifyBenchmark.run(spec, config, line -> {
                out.println(line);
                out.flush();
            });
            out.println();
            ClassifyBenchmark.print(rows, out);
            return 0;
        }
    }
}
