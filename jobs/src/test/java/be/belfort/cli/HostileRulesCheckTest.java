package be.belfort.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.classify.HostileSearches;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code belfort rules check} on hostile saved searches (ReDoS regex, 10,000 clauses, nesting 1,000
 * and 100,000 deep, leading wildcards): every one is refused with its file and line, no stack trace,
 * and the check ends. The timeout only guards against a hang; it is not a performance bound.
 */
@Timeout(120)
class HostileRulesCheckTest {
    @TempDir Path dir;

    @Test
    void every_hostile_search_is_refused_with_file_and_line() throws Exception {
        Map<String, String> hostile = HostileSearches.queries();
        for (var e : hostile.entrySet()) HostileSearches.write(dir, e.getKey(), e.getValue());

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long begin = System.nanoTime();
        int code = Belfort.run(new PrintWriter(out, true), new PrintWriter(err, true), "rules", "check", dir.toString());
        System.out.printf("rules check of %d hostile searches: %d ms%n", hostile.size(), (System.nanoTime() - begin) / 1_000_000);

        assertEquals(1, code, err.toString());
        List<String> lines = err.toString().lines().toList();
        for (String id : hostile.keySet()) {
            String where = id + ".yaml:" + HostileSearches.QUERY_LINE + ": ";
            assertTrue(lines.stream().anyMatch(l -> l.contains(where)), "no problem at " + where + " in:\n" + err);
        }
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception")), "no stack trace:\n" + err);
        assertTrue(lines.stream().allMatch(l -> l.length() < 1_000), "problems stay short:\n" + err);
    }

    @Test
    void each_hostile_search_alone_is_refused_also_on_a_small_stack() throws Exception {
        // A Flink task thread has the JVM's default stack, much smaller than the main thread's:
        // hot reload validates rules there.
        for (var e : HostileSearches.queries().entrySet()) {
            Path rules = dir.resolve(e.getKey());
            HostileSearches.write(rules, e.getKey(), e.getValue());
            int[] code = new int[1];
            StringWriter err = new StringWriter();
            Thread t = new Thread(null, () -> code[0] = Belfort.run(new PrintWriter(new StringWriter()),
                    new PrintWriter(err, true), "rules", "check", rules.toString()), "small-stack", 256 * 1024);
            t.start();
            t.join();
            assertEquals(1, code[0], e.getKey() + ": " + err);
            assertTrue(err.toString().contains(e.getKey() + ".yaml:" + HostileSearches.QUERY_LINE + ": "), e.getKey() + ": " + err);
            System.out.println(e.getKey() + " -> " + err.toString().lines().findFirst().orElse("").replaceAll("(.{220}).*", "$1…"));
        }
    }
}
