package be.belfort.cli;

import be.belfort.monitor.MonitorConfig;
import be.belfort.replay.ReplayJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code belfort replay}: recorded posts through the live pipeline, deterministic, for after-action analysis. */
@Command(name = "replay", description = "Run recorded JSON-lines posts through the monitor pipeline and write the alerts it raises.")
final class ReplayCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin JobOptions job = new JobOptions();

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "JSON-lines posts (repeatable; read in the order given).")
    List<Path> inputs;

    @Option(names = "--alerts-out", required = true, paramLabel = "FILE", description = "Where to write the alerts, one JSON line each (replaced).")
    Path alertsOut;

    @Override
    public Integer call() throws Exception {
        for (Path in : inputs) {
            if (!Files.isRegularFile(in)) throw new Belfort.UserError("input file " + in + " does not exist");
        }
        MonitorConfig cfg = job.config(Map.of(
                // History is old by definition; the pseudonym key only has to be stable within one replay.
                "ingest.max-age", "none",
                "pseudonym.key", UUID.randomUUID().toString()));
        prepare(alertsOut);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ReplayJob.define(env, inputs, cfg, job.analysis(cfg), alertsOut);
        env.execute("belfort-replay");
        ReplayJob.canonicalOrder(alertsOut);
        long alerts;
        try (var lines = Files.lines(alertsOut)) {
            alerts = lines.count();
        }
        spec.commandLine().getOut().printf("replay: %d alert record(s) written to %s%n", alerts, alertsOut);
        return 0;
    }

    static void prepare(Path out) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new Belfort.UserError("folder " + parent + " does not exist");
        }
        Files.deleteIfExists(out);
        Files.createFile(out);
    }
}
