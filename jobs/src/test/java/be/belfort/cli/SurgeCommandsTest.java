package be.belfort.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code belfort surge} and {@code belfort eval-surge} on a synthetic series: two days of a steady 20
 * per bucket with a daily rhythm, then one burst inside a labelled window.
 */
class SurgeCommandsTest {
    private static final Path RULES = Path.of(System.getProperty("belfort.rules.dir", "../rules"));
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @TempDir Path dir;

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Belfort.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    private Path series() throws Exception {
        List<String> lines = new ArrayList<>(List.of("timestamp,value"));
        LocalDateTime t = LocalDateTime.parse("2015-03-01T00:02:53");
        for (int i = 0; i < 3 * 288; i++, t = t.plusMinutes(5)) {
            int value = 20 + (t.getHour() >= 12 ? 10 : 0) + (i % 3);
            if (i >= 2 * 288 + 100 && i < 2 * 288 + 104) {
                value = 400;
            }
            lines.add(TS.format(t) + "," + value);
        }
        Path csv = dir.resolve("Twitter_volume_TEST.csv");
        Files.write(csv, lines);
        return csv;
    }

    @Test
    void surgeWritesOneJsonLinePerAlertWithOpenedAt() throws Exception {
        Path out = dir.resolve("alerts.jsonl");
        String[] r = run("surge", "--series", series().toString(), "--alerts-out", out.toString(), "--rules", RULES.toString());
        assertEquals("0", r[0], r[2]);
        List<String> lines = Files.readAllLines(out);
        // The burst is a spike. The start of the series is no new hotspot: a recorded series was already
        // counting before its first row, so its history is unknown rather than empty.
        List<String> kinds = new ArrayList<>();
        for (String line : lines) {
            JsonNode a = new ObjectMapper().readTree(line);
            assertTrue(a.hasNonNull("opened_at"), line);
            kinds.add(a.get("kind").asText() + "@" + a.get("opened_at").asText());
        }
        assertEquals(List.of("spike@2015-03-03T08:27:53Z"), kinds);
    }

    @Test
    void evalSurgePrintsDetectorAndReferencePerSeriesAndATotal() throws Exception {
        Path windows = dir.resolve("windows.json");
        Files.writeString(windows, "{\"realTweets/Twitter_volume_TEST.csv\": [[\"2015-03-03 06:00:00.000000\", \"2015-03-03 12:00:00.000000\"]]}");
        String[] r = run("eval-surge", "--series", series().toString(), "--windows", windows.toString(), "--rules", RULES.toString());
        assertEquals("0", r[0], r[2]);
        String table = r[1];
        assertTrue(table.lines().anyMatch(l -> l.startsWith("Twitter_volume_TEST") && l.contains("| 1/1      2.5")), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("total ")), table);
    }

    @Test
    void aBadRowIsOneLineWithFileAndLine() throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "timestamp,value\n2015-03-01 00:00:00,3\nyesterday,4\n");
        String[] r = run("surge", "--series", csv.toString(), "--alerts-out", dir.resolve("a.jsonl").toString(), "--rules", RULES.toString());
        assertEquals("2", r[0]);
        assertEquals("belfort: " + csv + ":3: expected 'yyyy-MM-dd HH:mm:ss,count'\n", r[2]);
    }
}
