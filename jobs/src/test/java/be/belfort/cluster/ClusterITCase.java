package be.belfort.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MonitorJob submitted with {@code flink run} (the slim job jar) to a real standalone Flink session
 * cluster and a real Kafka broker, each its own JVM: with parallelism 2 it raises exactly the alerts of
 * its input, and after a TaskManager is killed with {@code kill -9} mid-stream and started again it
 * still loses and duplicates nothing, alerts or posts. Runs under failsafe, after the jar is built;
 * the long version is {@link ClusterFaultsITCase}.
 */
class ClusterITCase {
    private static LocalCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LoadRun.startCluster("ClusterITCase");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) cluster.stop();
    }

    @Test
    void monitorJobOnTheClusterRaisesExactlyTheExpectedAlerts() throws Exception {
        LoadRun run = new LoadRun(cluster, "plain", new SurgeLoad(20_000, 3));
        try {
            run.produceInBackground();
            run.submit(2, null);
            LoadRun.Outcome out = run.finish(Duration.ofMinutes(3));
            assertEquals(List.of(), out.violations(run.load), out.alerts().toString());
            assertEquals(18, out.alerts().received());
            assertEquals(0, out.failovers());
        } finally {
            run.cancel();
        }
    }

    @Test
    void taskManagerKilledMidStreamLosesAndDuplicatesNothing() throws Exception {
        LoadRun run = new LoadRun(cluster, "tmkill", new SurgeLoad(100_000, 6));
        try {
            run.produceInBackground();
            run.submit(2, null);
            run.awaitProgress(0.3, Duration.ofMinutes(3));
            run.killTaskManager(Duration.ofSeconds(2));
            LoadRun.Outcome out = run.finish(Duration.ofMinutes(4));
            System.out.printf("tmkill: %d records (%d posts, %d duplicates, %d malformed), %s, %d failovers, %.0f s; %s%n",
                    run.load.records(), run.load.uniquePosts, run.load.duplicates, run.load.malformed, out.alerts(),
                    out.failovers(), run.elapsedSeconds(), run.events);
            assertEquals(List.of(), out.violations(run.load), out.alerts().toString());
            assertTrue(out.failovers() >= 1, "the kill must have failed the job over");
        } finally {
            run.cancel();
        }
    }
}
