package be.belfort.monitor;

import be.belfort.classify.PostClassifier;
import be.belfort.classify.RuleLoader;
import be.belfort.classify.RuleSet;
import be.belfort.classify.RulesBundle;
import be.belfort.nlp.Enricher;
import be.belfort.nlp.Gazetteer;
import be.belfort.nlp.LanguageIdentifier;
import be.belfort.nlp.Pseudonymizer;
import be.belfort.nlp.SocialTokenizer;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The data the analysis needs, read and validated once on the client and shipped inside the job
 * graph, so task managers need no access to the rules folder and a bad rule fails the submission,
 * not a running job. Later rule changes arrive as {@link RulesBundle}s and replace it, newest
 * {@code publishedAt} wins.
 */
public record AnalysisSpec(RuleSet rules, Gazetteer gazetteer, long publishedAt) implements Serializable {

    /** Saved searches from {@code rulesDir/phenomena}, places from {@code rulesDir/places}, as of now. */
    public static AnalysisSpec load(Path rulesDir) {
        return load(rulesDir, System.currentTimeMillis());
    }

    public static AnalysisSpec load(Path rulesDir, long publishedAt) {
        return new AnalysisSpec(RuleLoader.load(rulesDir), Gazetteer.load(rulesDir.resolve("places")), publishedAt);
    }

    /**
     * Validates a bundle with the same loaders as a folder: throws RuleException or GazetteerException
     * naming file and line when it is not acceptable.
     */
    public static AnalysisSpec fromBundle(RulesBundle bundle) {
        Path dir;
        try {
            dir = Files.createTempDirectory("belfort-rules-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return load(bundle.materialize(dir), bundle.publishedAt);
        } finally {
            delete(dir);
        }
    }

    /** A ready analyzer; the heavy parts (language model, query index) are built here, once per subtask. */
    public PostAnalyzer newAnalyzer(byte[] pseudonymKey) {
        Enricher enricher = new Enricher(
                new Pseudonymizer(pseudonymKey), LanguageIdentifier.load(), new SocialTokenizer(), gazetteer);
        return new PostAnalyzer(enricher, new PostClassifier(rules));
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temp folder is harmless; the rules are already loaded.
        }
    }
}
