package be.belfort.monitor;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.classify.PostClassifier;
import be.belfort.classify.RuleSet;
import be.belfort.classify.SavedSearch;
import be.belfort.schema.Post;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness runs end to end on a tiny configuration; no timing is asserted. */
class ClassifyBenchmarkTest {

    private static final Path RULES = Path.of(System.getProperty("belfort.rules.dir", "../rules"));

    @Test
    void runsEveryPathOnATinyConfiguration() {
        List<String> progress = new ArrayList<>();
        AnalysisSpec spec = AnalysisSpec.load(RULES);
        int shipped = spec.rules().searches().size();
        List<ClassifyBenchmark.Row> rows = ClassifyBenchmark.run(spec,
                new ClassifyBenchmark.Config(200, List.of(0, 50), 16, 7L), progress::add);

        assertEquals(8, rows.size(), "4 paths x 2 configurations");
        assertEquals(rows.size(), progress.size());
        rows.forEach(r -> assertTrue(r.postsPerSec() > 0 && r.posts() > 0, r.toString()));
        assertEquals(shipped, rows.get(0).searches(), "phenomena and event searches");
        assertEquals(shipped + 50, rows.get(4).searches());
        StringWriter table = new StringWriter();
        ClassifyBenchmark.print(rows, new PrintWriter(table));
        assertTrue(table.toString().contains("PostAnalyzer.analyzeBatch(16)"), table.toString());
    }

    @Test
    void generatedSearchesAreDeterministicCompileAndMixKinds() {
        List<Post> posts = ClassifyBenchmark.posts(300, 1L);
        List<SavedSearch> a = ClassifyBenchmark.generatedSearches(200, posts, 1L);
        List<SavedSearch> b = ClassifyBenchmark.generatedSearches(200, posts, 1L);

        assertEquals(a, b);
        assertTrue(a.stream().anyMatch(s -> s.query().endsWith("*")));
        assertTrue(a.stream().anyMatch(s -> s.query().startsWith("\"")));
        assertTrue(a.stream().anyMatch(s -> s.query().contains(" NOT ")));
        assertDoesNotThrow(() -> new PostClassifier(new RuleSet(a)).close(), "every generated search compiles");
    }

    @Test
    void batchAndSinglePathsAgree() {
        List<Post> posts = ClassifyBenchmark.posts(300, 3L);
        try (PostAnalyzer single = AnalysisSpec.load(RULES).newAnalyzer("k".repeat(32).getBytes());
                PostAnalyzer batch = AnalysisSpec.load(RULES).newAnalyzer("k".repeat(32).getBytes())) {
            List<be.belfort.schema.EnrichedPost> batched = batch.analyzeBatch(posts);
            for (int i = 0; i < posts.size(); i++) {
                assertEquals(single.analyze(posts.get(i)), batched.get(i));
            }
            assertTrue(batched.stream().anyMatch(p -> !p.getMatches().isEmpty()));
        }
    }
}
