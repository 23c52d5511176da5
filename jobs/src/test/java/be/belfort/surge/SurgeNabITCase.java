package be.belfort.surge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.schema.Alert;
import be.belfort.schema.AlertStatus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Gates the detector's quality on the NAB Twitter-volume series ({@code <shared>/data/nab}): the shipped
 * rules/surge.yaml, one configuration for all five series, through the same operators as the monitor.
 * Skips when the shared data is absent. The bounds are the measured level (README, "Surge detection"):
 * a change that loses a window or adds false alarms fails here.
 */
class SurgeNabITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final List<String> SERIES = List.of("AAPL", "AMZN", "CRM", "CVS", "FB");
    /** Measured with the shipped rules: every window found, 13 false-alarm episodes over the five series. */
    private static final int MAX_FALSE_ALARMS = 13;

    @Test
    void everyLabelledWindowIsFoundWithFewFalseAlarms() throws Exception {
        Path nab = Path.of(System.getProperty("belfort.shared.dir", "../../shared"), "data", "nab");
        Path windowsFile = nab.resolve("windows.json");
        Assumptions.assumeTrue(Files.isRegularFile(windowsFile), "NAB data not found at " + nab + ": skipped");

        SurgeRulesLoader.Loaded loaded = SurgeRulesLoader.loadFrom(Path.of(System.getProperty("belfort.rules.dir", "../rules")));
        assertEquals(List.of(), loaded.problems());
        SurgeConfig config = SurgeConfig.defaults().withRules(loaded.rules());
        List<SeriesReplay.Series> series = new ArrayList<>();
        for (String name : SERIES) {
            series.add(SeriesReplay.read(nab.resolve("Twitter_volume_" + name + ".csv"), config.bucketMillis()));
        }
        Map<String, List<SurgeEvaluation.Window>> windows = SurgeEvaluation.readWindows(windowsFile);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        List<Alert> records = SeriesReplay.run(env, series, config);
        List<SurgeEvaluation.Result> results = new ArrayList<>();
        StringBuilder table = new StringBuilder();
        for (SeriesReplay.Series s : series) {
            List<Instant> opened = records.stream()
                    .filter(a -> a.getTopic().equals(s.name()) && a.getStatus() == AlertStatus.open)
                    .map(Alert::getCreatedAt).toList();
            SurgeEvaluation.Result r = SurgeEvaluation.score(opened, windows.get(s.name()));
            results.add(r);
            table.append(s.name()).append(' ').append(r.detected()).append('/').append(r.windows())
                    .append(" false ").append(r.falseAlarmEpisodes()).append('\n');
        }
        SurgeEvaluation.Result total = SurgeEvaluation.Result.sum(results);
        assertEquals(16, total.windows(), table::toString);
        assertEquals(total.windows(), total.detected(), table::toString);
        assertTrue(total.falseAlarmEpisodes() <= MAX_FALSE_ALARMS, table::toString);
    }
}
