package be.belfort.cli;

import be.belfort.surge.SeriesReplay;
import be.belfort.surge.SurgeConfig;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code belfort surge}: counts-only series through the monitor's surge operators, alerts out. */
@Command(name = "surge", description = "Feed 'timestamp,value' series (per-bucket counts) through the surge detector on Flink; one JSON line per alert.")
final class SurgeCommand implements Callable<Integer> {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Spec CommandSpec spec;
    @Mixin SeriesOptions options = new SeriesOptions();

    @Option(names = "--alerts-out", required = true, paramLabel = "FILE", description = "Where to write the alerts, one JSON line each (replaced).")
    Path alertsOut;

    @Override
    public Integer call() throws Exception {
        SurgeConfig config = options.config();
        List<SeriesReplay.Series> series = options.read(config);
        ReplayCommand.prepare(alertsOut);
        List<SeriesReplay.SeriesAlert> alerts = SeriesReplay.episodes(
                SeriesReplay.run(StreamExecutionEnvironment.getExecutionEnvironment(), series, config));
        try (BufferedWriter out = Files.newBufferedWriter(alertsOut, StandardCharsets.UTF_8)) {
            for (SeriesReplay.SeriesAlert a : alerts) {
                out.write(JSON.writeValueAsString(json(a)));
                out.newLine();
            }
        }
        spec.commandLine().getOut().printf("surge: %d alert(s) on %d series written to %s (detector %s)%n",
                alerts.size(), series.size(), alertsOut, config.rules().version());
        return 0;
    }

    private static ObjectNode json(SeriesReplay.SeriesAlert a) {
        ObjectNode n = JSON.createObjectNode();
        n.put("series", a.series());
        n.put("id", a.id());
        n.put("kind", a.kind());
        n.put("opened_at", a.openedAt().toString());
        a.reopenedAt().forEach(t -> n.withArray("reopened_at").add(t.toString()));
        n.put("resolved_at", a.resolvedAt() == null ? null : a.resolvedAt().toString());
        n.put("peak_count", a.peakCount());
        n.put("peak_score", Math.round(a.peakScore() * 100) / 100.0);
        n.put("pattern", a.pattern());
        return n;
    }
}
