package be.belfort.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.ingest.JsonEdge;
import be.belfort.monitor.AnalysisSpec;
import be.belfort.monitor.GhentEvening;
import be.belfort.monitor.MonitorConfig;
import be.belfort.schema.Alert;
import be.belfort.schema.AlertStatus;
import be.belfort.schema.Post;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay is deterministic and event-time correct: the same history gives byte-identical alerts, also
 * when its lines arrive shuffled, and bad lines are reported with file:line.
 */
class ReplayITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    @TempDir Path dir;

    @Test
    void same_history_gives_the_same_alerts_in_any_line_order() throws Exception {
        // A past evening: replay has no age limit.
        List<Post> posts = new GhentEvening(Instant.parse("2025-07-20T19:00:00Z")).posts;
        List<String> lines = new ArrayList<>(posts.stream().map(JsonEdge::toJson).toList());
        lines.add(17, "{\"id\":\"broken\",\"platform\":\"twitter\"");
        lines.add(40, lines.get(30)); // a duplicate post id
        Path sorted = write("sorted.jsonl", lines);
        List<String> shuffled = new ArrayList<>(lines);
        Collections.shuffle(shuffled, new Random(7));
        Path mixed = write("shuffled.jsonl", shuffled);

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        List<String> first;
        List<String> second;
        List<String> third;
        try {
            first = replay(sorted, "first.jsonl");
            second = replay(sorted, "second.jsonl");
            third = replay(mixed, "third.jsonl");
        } finally {
            System.setErr(original);
        }

        assertEquals(first, second, "same input, same alerts");
        assertEquals(first, third, "line order does not change event-time results");
        List<Alert> alerts = new ArrayList<>();
        for (String l : first) alerts.add(JsonEdge.fromJson(l, Alert.class));
        assertEquals(6, alerts.size(), String.join("\n", first));
        assertEquals(List.of(AlertStatus.open, AlertStatus.open, AlertStatus.update, AlertStatus.update,
                        AlertStatus.resolved, AlertStatus.resolved),
                alerts.stream().map(Alert::getStatus).toList());
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertTrue(stderr.contains("rejected " + sorted.toAbsolutePath() + ":18: "), stderr);
        assertTrue(stderr.contains("rejected " + mixed.toAbsolutePath() + ":"), stderr);
    }

    private List<String> replay(Path in, String outName) throws Exception {
        Path out = dir.resolve(outName);
        Files.createFile(out);
        Map<String, String> settings = new HashMap<>(GhentEvening.SURGE_SETTINGS);
        settings.put("pseudonym.key", "replay-test-key-0123456789");
        settings.put("ingest.max-age", "none");
        settings.put("rules.dir", GhentEvening.rulesDir().toString());
        MonitorConfig cfg = MonitorConfig.from(settings);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ReplayJob.define(env, List.of(in), cfg, AnalysisSpec.load(GhentEvening.rulesDir()), out);
        env.execute("replay-itcase");
        ReplayJob.canonicalOrder(out);
        return Files.readAllLines(out);
    }

    private Path write(String name, List<String> lines) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, lines, StandardCharsets.UTF_8);
        return p;
    }
}
