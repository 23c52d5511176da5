package be.belfort.cli;

import be.belfort.classify.RuleException;
import be.belfort.config.Durations;
import be.belfort.surge.SeriesReplay;
import be.belfort.surge.SurgeConfig;
import be.belfort.surge.SurgeRulesLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options of the commands that run counts-only series through the surge stage. */
final class SeriesOptions {
    @Option(names = "--series", required = true, paramLabel = "FILE.csv", description = "A 'timestamp,value' series, one row per bucket (repeatable).")
    List<Path> series;

    @Option(names = "--rules", paramLabel = "DIR", description = "Rules folder holding surge.yaml. Default: the rules/ folder of this checkout.")
    Path rules;

    @Option(names = "--bucket", paramLabel = "DURATION", defaultValue = "5m", description = "Length of one row's bucket (default: ${DEFAULT-VALUE}).")
    String bucket;

    /** Detector settings: surge.yaml of the rules folder, the series' bucket length. */
    SurgeConfig config() {
        Duration length;
        try {
            length = Durations.parse(bucket);
        } catch (RuntimeException e) {
            throw new Belfort.UserError("--bucket '" + bucket + "': " + e.getMessage());
        }
        JobOptions opts = new JobOptions();
        opts.rules = rules;
        SurgeRulesLoader.Loaded loaded = SurgeRulesLoader.loadFrom(opts.rulesDir());
        if (!loaded.problems().isEmpty()) {
            throw new RuleException(loaded.problems());
        }
        try {
            SurgeConfig d = SurgeConfig.defaults();
            return new SurgeConfig(length, d.quietAfter().plus(length), d.allowedLateness(), loaded.rules());
        } catch (IllegalArgumentException e) {
            throw new Belfort.UserError("--bucket '" + bucket + "': " + e.getMessage());
        }
    }

    List<SeriesReplay.Series> read(SurgeConfig config) throws IOException {
        List<SeriesReplay.Series> out = new ArrayList<>();
        for (Path file : series) {
            if (!Files.isRegularFile(file)) {
                throw new Belfort.UserError("series file " + file + " does not exist");
            }
            try {
                out.add(SeriesReplay.read(file, config.bucketMillis()));
            } catch (IllegalArgumentException e) {
                throw new Belfort.UserError(e.getMessage());
            }
        }
        return out;
    }
}
