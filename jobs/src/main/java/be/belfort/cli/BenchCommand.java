package be.belfort.cli;

import be.belfort.bench.PipelineBenchmark;
import be.belfort.config.Durations;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code belfort bench pipeline}: the end-to-end benchmark on this machine (see {@link PipelineBenchmark}). */
@Command(name = "bench", description = "Benchmarks on this machine.", subcommands = BenchCommand.Pipeline.class)
final class BenchCommand {

    @Command(name = "pipeline", description = "Posts through embedded Kafka -> monitor job (local MiniCluster) -> Kafka: "
            + "sustained posts/s, post-to-alert latency p50/p99 (read_uncommitted and read_committed) and the "
            + "single-core classify-only rate as the reference.")
    static final class Pipeline implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin JobOptions job = new JobOptions();

        @Option(names = "--posts", defaultValue = "200000", paramLabel = "N", description = "Backlog of posts for the throughput phase. Default: ${DEFAULT-VALUE}.")
        int posts;

        @Option(names = "--parallelism", defaultValue = "2", description = "Job parallelism. Default: ${DEFAULT-VALUE}.")
        int parallelism;

        @Option(names = "--checkpoint-interval", defaultValue = "1s", paramLabel = "DURATION",
                description = "Checkpoint interval: how often alerts become visible to read_committed consumers. Default: ${DEFAULT-VALUE}.")
        String checkpointInterval;

        @Option(names = "--live", defaultValue = "20s", paramLabel = "DURATION", description = "Length of the latency phase. Default: ${DEFAULT-VALUE}.")
        String live;

        @Option(names = "--live-rate", defaultValue = "0", paramLabel = "POSTS_PER_S",
                description = "Live posts per second during the latency phase. Default: half the measured sustained rate, at most 3000.")
        int liveRate;

        @Override
        public Integer call() throws Exception {
            if (posts < 10_000) throw new Belfort.UserError("--posts must be at least 10000");
            if (parallelism < 1 || liveRate < 0) throw new Belfort.UserError("--parallelism must be positive and --live-rate not negative");
            new PipelineBenchmark(new PipelineBenchmark.Options(posts, job.rulesDir(), parallelism,
                    duration("--checkpoint-interval", checkpointInterval), duration("--live", live), liveRate),
                    spec.commandLine().getOut()).run();
            return 0;
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
