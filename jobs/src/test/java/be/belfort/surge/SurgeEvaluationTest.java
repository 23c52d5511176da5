package be.belfort.surge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SurgeEvaluationTest {

    private static Instant at(String t) {
        return Instant.parse(t);
    }

    @Test
    void windowsDelaysAndFalseAlarmEpisodes() {
        List<SurgeEvaluation.Window> windows = List.of(
                new SurgeEvaluation.Window(at("2015-03-01T00:00:00Z"), at("2015-03-02T00:00:00Z")),
                new SurgeEvaluation.Window(at("2015-03-10T00:00:00Z"), at("2015-03-11T00:00:00Z")));
        List<Instant> alerts = List.of(
                at("2015-03-01T06:00:00Z"), at("2015-03-01T07:00:00Z"), // in window 1: delay 6h
                at("2015-03-05T10:00:00Z"), at("2015-03-05T10:55:00Z"), // one episode (< 60 min apart)
                at("2015-03-05T12:00:00Z"));                            // a second one
        SurgeEvaluation.Result r = SurgeEvaluation.score(alerts, windows);
        assertEquals(2, r.windows());
        assertEquals(1, r.detected());
        assertEquals(List.of(Duration.ofHours(6)), r.delays());
        assertEquals(2, r.falseAlarmEpisodes());
        assertEquals(Duration.ofHours(6), SurgeEvaluation.Result.sum(List.of(r, r)).medianDelay().orElseThrow());
    }

    @Test
    void readsNabWindowsKeyedBySeriesName(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("windows.json");
        Files.writeString(json, "{\"realTweets/Twitter_volume_X.csv\": [[\"2015-03-03 04:37:53.000000\", \"2015-03-04 13:37:53.000000\"]]}");
        Map<String, List<SurgeEvaluation.Window>> w = SurgeEvaluation.readWindows(json);
        assertEquals(List.of(new SurgeEvaluation.Window(at("2015-03-03T04:37:53Z"), at("2015-03-04T13:37:53Z"))),
                w.get("Twitter_volume_X"));
    }

    @Test
    void twitInfoReferencePeaksWhenTwoMeanDeviationsAbove() {
        List<BucketCount> buckets = new ArrayList<>();
        long[] counts = {10, 14, 10, 14, 10, 14, 10, 14, 60, 10};
        for (int i = 0; i < counts.length; i++) {
            buckets.add(new BucketCount("s", "series", i * 300_000L, (i + 1) * 300_000L, counts[i], -1, List.of(), List.of(), null));
        }
        List<Instant> peaks = SurgeEvaluation.twitInfoPeaks(buckets);
        // Reported at the bucket's end; as specified it is noisy (every 14 after a 10 is a peak, too).
        assertEquals(List.of(4, 6, 8, 9).stream().map(i -> Instant.ofEpochMilli(i * 300_000L)).toList(), peaks);
    }
}
