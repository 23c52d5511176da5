package be.belfort.monitor;

import be.belfort.classify.PostClassifier;
import be.belfort.classify.RuleLoader;
import be.belfort.classify.RuleSet;
import be.belfort.nlp.Enricher;
import be.belfort.nlp.Gazetteer;
import be.belfort.nlp.LanguageIdentifier;
import be.belfort.nlp.Pseudonymizer;
import be.belfort.nlp.SocialTokenizer;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * The data the analysis needs, read and validated once on the client and shipped inside the job
 * graph, so task managers need no access to the rules folder and a bad rule fails the submission,
 * not a running job.
 */
public record AnalysisSpec(RuleSet rules, Gazetteer gazetteer) implements Serializable {

    /** Saved searches from {@code rulesDir/phenomena}, places from {@code rulesDir/places}. */
    public static AnalysisSpec load(Path rulesDir) {
        return new AnalysisSpec(RuleLoader.load(rulesDir), Gazetteer.load(rulesDir.resolve("places")));
    }

    /** A ready analyzer; the heavy parts (language model, query index) are built here, once per subtask. */
    public PostAnalyzer newAnalyzer(byte[] pseudonymKey) {
        Enricher enricher = new Enricher(
                new Pseudonymizer(pseudonymKey), LanguageIdentifier.load(), new SocialTokenizer(), gazetteer);
        return new PostAnalyzer(enricher, new PostClassifier(rules));
    }
}
