package be.belfort.replay;

import be.belfort.alert.LineSink;
import be.belfort.ingest.InvalidInputException;
import be.belfort.ingest.JsonEdge;
import be.belfort.ingest.JsonLinesPostFormat;
import be.belfort.monitor.AnalysisSpec;
import be.belfort.monitor.MonitorConfig;
import be.belfort.monitor.MonitorTopology;
import be.belfort.schema.Alert;
import be.belfort.schema.RejectedRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * History through the same pipeline as live: JSON-lines files in, alerts as JSON lines out.
 *
 * <p>Deterministic by construction: one subtask reads the files in the order given, and watermarks are
 * only emitted once the input ends, so no post is ever late and every bucket, pattern and lifecycle
 * decision is taken in event-time order, whatever the machine's speed. Alerts of different keys raised
 * at the same event time leave the parallel pattern operators in either order, so
 * {@link #canonicalOrder} sorts the file afterwards: same input, byte-identical alerts.
 *
 * <pre>{@code
 * StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
 * ReplayJob.define(env, List.of(Path.of("day1.jsonl")), cfg, AnalysisSpec.load(rules), Path.of("alerts.jsonl"));
 * env.execute("belfort-replay");
 * }</pre>
 */
public final class ReplayJob {
    private static final Comparator<Alert> ORDER = Comparator
            .comparing(Alert::getCreatedAt)
            .thenComparing(Alert::getTopic)
            .thenComparing(Alert::getArea)
            .thenComparing(Alert::getKind)
            .thenComparing(Alert::getStatus);

    private ReplayJob() {}

    /** Rewrites an alerts file written by a replay in event-time order, ties broken by key and status. */
    public static void canonicalOrder(Path alertsFile) throws IOException {
        List<Alert> alerts = new ArrayList<>();
        for (String line : Files.readAllLines(alertsFile, StandardCharsets.UTF_8)) {
            try {
                alerts.add(JsonEdge.fromJson(line, Alert.class));
            } catch (InvalidInputException e) {
                throw new IOException("unreadable alert in " + alertsFile + ": " + e.getMessage(), e);
            }
        }
        alerts.sort(ORDER);
        Files.write(alertsFile, alerts.stream().map(JsonEdge::toJson).toList(), StandardCharsets.UTF_8);
    }

    public static MonitorTopology.Streams define(
            StreamExecutionEnvironment env, List<Path> inputs, MonitorConfig cfg, AnalysisSpec analysis, Path alertsOut) {
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        env.setParallelism(1);
        env.getConfig().setAutoWatermarkInterval(0);
        FileSource<be.belfort.ingest.Ingested> source = FileSource
                .forBulkFileFormat(new JsonLinesPostFormat(cfg.decoder()),
                        inputs.stream().map(p -> new org.apache.flink.core.fs.Path(p.toAbsolutePath().toUri())).toArray(org.apache.flink.core.fs.Path[]::new))
                .build();
        return MonitorTopology.build(env, new MonitorTopology.Inputs(source, null, null), cfg, analysis, new MonitorTopology.Sinks(
                LineSink.toFile(alertsOut, (Alert a) -> JsonEdge.toJson(a)),
                new DiscardingSink<>(),
                LineSink.toStderr((RejectedRecord r) -> "rejected " + r.getSource() + ": " + r.getReason())));
    }
}
