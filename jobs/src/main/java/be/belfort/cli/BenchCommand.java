package be.belfort.cli;

import be.belfort.bench.PipelineBenchmark;
import be.belfort.monitor.JobArgs;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import be.belfort.config.Durations;
import be.belfort.monitor.AnalysisSpec;
import be.belfort.monitor.ClassifyBenchmark;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code belfort bench}: what this machine does, printed as numbers (nothing is asserted): one core's
 * enrich + classify rate ({@code classify}) and the whole pipeline through Kafka ({@code pipeline}).
 */
@Command(name = "bench", description = "Benchmarks on this machine (print numbers; nothing is asserted).",
        subcommands = {BenchCommand.Classify.class, BenchCommand.Pipeline.class})
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

    @Command(name = "pipeline", description = "Posts through embedded Kafka -> monitor job (local MiniCluster) -> Kafka, "
            + "as two jobs: post-to-alert latency p50/p99 (read_uncommitted and read_committed) of a job with 1 s surge "
            + "buckets, so that a marker surge's bucket closes within a second; then sustained posts/s and CPU per post "
            + "of a backlog in a fresh job with the production settings (surge buckets from rules/surge.yaml and the "
            + "job's defaults, 5 min; checkpoints every 10s); and the single-core classify-only rate as the reference.")
    static final class Pipeline implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin JobOptions job = new JobOptions();

        @Option(names = "--posts", defaultValue = "200000", paramLabel = "N", description = "Backlog of posts for the throughput phase. Default: ${DEFAULT-VALUE}.")
        int posts;

        @Option(names = "--parallelism", defaultValue = "2", description = "Job parallelism. Default: ${DEFAULT-VALUE}.")
        int parallelism;

        @Option(names = "--checkpoint-interval", paramLabel = "DURATION",
                description = "Checkpoint interval of both jobs (for the latency job: how often alerts become visible to "
                        + "read_committed consumers). Default: the job's own (10s) for throughput, 1s for latency.")
        String checkpointInterval;

        @Option(names = "--live", defaultValue = "20s", paramLabel = "DURATION", description = "Length of the latency phase. Default: ${DEFAULT-VALUE}.")
        String live;

        @Option(names = "--live-rate", defaultValue = "0", paramLabel = "POSTS_PER_S",
                description = "Live posts per second during the latency phase. Default: half the target rate (0.8 x parallelism x the "
                        + "single-core classify rate), at most 3000.")
        int liveRate;

        @Override
        public Integer call() throws Exception {
            if (posts < 10_000) throw new Belfort.UserError("--posts must be at least 10000");
            if (parallelism < 1 || liveRate < 0) throw new Belfort.UserError("--parallelism must be positive and --live-rate not negative");
            new PipelineBenchmark(new PipelineBenchmark.Options(posts, job.rulesDir(), parallelism,
                    Optional.ofNullable(checkpointInterval).map(d -> duration("--checkpoint-interval", d)),
                    duration("--live", live), liveRate, settings()),
                    spec.commandLine().getOut()).run();
            return 0;
        }

        /** The job settings given with --set (e.g. analyze.batch-size=1), on top of the benchmark's own, in both jobs. */
        private Map<String, String> settings() {
            Map<String, String> m = new LinkedHashMap<>();
            try {
                job.overrides.forEach(kv -> JobArgs.put(m, kv));
            } catch (IllegalArgumentException e) {
                throw new Belfort.UserError("--set " + e.getMessage());
            }
            return m;
        }

        private static Duration duration(String option, String value) {
            try {
                return Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new Belfort.UserError(option + ": " + e.getMessage());
            }
        }
    }
}
