package be.belfort.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The long fault run (several minutes; {@code -Dbelfort.faults=true}): a million posts
 * ({@code -Dbelfort.faults.posts=N}), and after every tenth a hostile record, stream through the monitor job on the local cluster while its
 * TaskManager is killed with {@code kill -9} and restarted again and again, the broker is killed and
 * restarted, and the job is stopped with a savepoint and resumed at parallelism 2 → 1 → 2. Afterwards
 * the alerts topic holds exactly the expected alerts, each once, every post is enriched exactly once and
 * every hostile record rejected once. Prints the numbers (and writes them to
 * {@code target/cluster-it/faults-report.txt}).
 *
 * <pre>{@code
 * mvn -B -pl jobs -am verify -Dtest=NoSuch -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=ClusterFaultsITCase -Dbelfort.faults=true
 * }</pre>
 */
@EnabledIfSystemProperty(named = "belfort.faults", matches = "true")
class ClusterFaultsITCase {

    @Test
    void killsBrokerRestartAndRescalingLoseAndDuplicateNothing() throws Exception {
        int posts = Integer.getInteger("belfort.faults.posts", 1_000_000);
        Duration phase = Duration.ofMinutes(30);
        try (LocalCluster cluster = LoadRun.startCluster("ClusterFaultsITCase")) {
            LoadRun run = new LoadRun(cluster, "faults", new SurgeLoad(posts, 40));
            List<Duration> tmRecoveries = new ArrayList<>();
            try {
                run.produceInBackground();
                run.submit(2, null);
                for (double at : new double[] {0.10, 0.20, 0.30}) {
                    run.awaitProgress(at, phase);
                    tmRecoveries.add(run.killTaskManager(Duration.ofSeconds(3)));
                }
                run.awaitProgress(0.40, phase);
                Duration brokerRecovery = run.killBroker(Duration.ofSeconds(5));
                run.awaitProgress(0.50, phase);
                run.rescale(1);
                run.awaitProgress(0.65, phase);
                run.rescale(2);
                run.awaitProgress(0.80, phase);
                tmRecoveries.add(run.killTaskManager(Duration.ofSeconds(3)));
                LoadRun.Outcome out = run.finish(phase);

                List<String> violations = out.violations(run.load);
                String report = String.format("""
                        fault run: %d records in (%d posts, %d duplicates, %d malformed), %d surges
                        %s
                        enriched %d records / %d distinct posts, rejected %d
                        TaskManager kills: %d, recovery (kill -> next checkpoint, TM back after 3 s): %s
                        broker kill: recovery %.1f s; rescales 2 -> 1 -> 2 via savepoint; failovers of the last job: %d
                        wall time %.0f s
                        events:
                          %s
                        violations: %s
                        """, run.load.records(), run.load.uniquePosts, run.load.duplicates, run.load.malformed,
                        run.load.surges, out.alerts(), out.enrichedRecords(), out.enrichedDistinct(), out.rejectedRecords(),
                        tmRecoveries.size(), tmRecoveries.stream().map(d -> String.format("%.1f s", d.toMillis() / 1000.0)).toList(),
                        brokerRecovery.toMillis() / 1000.0, out.failovers(), run.elapsedSeconds(),
                        String.join("\n  ", run.events), violations.size() <= 20 ? violations
                                : violations.subList(0, 20) + " ... (" + violations.size() + ")");
                System.out.print(report);
                Files.writeString(cluster.home().resolveSibling("faults-report.txt"), report);
                assertEquals(List.of(), violations);
                assertEquals(run.load.expectedAlerts().size(), out.alerts().received());
            } finally {
                run.cancel();
            }
        }
    }
}
