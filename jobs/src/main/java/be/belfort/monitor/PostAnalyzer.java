package be.belfort.monitor;

import be.belfort.classify.PostClassifier;
import be.belfort.nlp.Enricher;
import be.belfort.schema.EnrichedPost;
import be.belfort.schema.Post;

/**
 * Enrichment then classification of one post: the single code path behind the job's analysis
 * operator and {@code belfort classify}, so what an analyst tries on the command line is what the
 * control room gets. Not thread-safe: one per subtask or thread.
 */
public final class PostAnalyzer implements AutoCloseable {
    private final Enricher enricher;
    private final PostClassifier classifier;

    public PostAnalyzer(Enricher enricher, PostClassifier classifier) {
        this.enricher = enricher;
        this.classifier = classifier;
    }

    public EnrichedPost analyze(Post post) {
        EnrichedPost enriched = enricher.enrich(post);
        enriched.setMatches(classifier.classify(enriched));
        return enriched;
    }

    @Override
    public void close() {
        classifier.close();
    }
}
