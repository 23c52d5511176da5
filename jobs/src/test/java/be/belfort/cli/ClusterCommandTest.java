package be.belfort.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code belfort cluster} mistakes are one line and exit 2; the cluster itself is tested by ClusterITCase. */
class ClusterCommandTest {
    @TempDir Path home;

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Belfort.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void status_stop_and_submit_without_a_cluster_say_so() {
        for (String sub : new String[] {"status", "stop", "submit"}) {
            String[] r = run("cluster", sub, "--home", home.toString());
            assertEquals("2", r[0], sub + ": " + r[2]);
            assertTrue(r[2].startsWith("belfort: no cluster in " + home), sub + ": " + r[2]);
            assertEquals(1, r[2].lines().count(), r[2]);
        }
    }

    @Test
    void start_refuses_nonsense_sizes_before_starting_anything() {
        String[] r = run("cluster", "start", "--home", home.toString(), "--slots", "0");
        assertEquals("2", r[0], r[2]);
        assertTrue(r[2].contains("at least 1"), r[2]);
    }
}
