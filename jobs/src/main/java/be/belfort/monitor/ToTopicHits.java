package be.belfort.monitor;

import be.belfort.schema.EnrichedPost;
import be.belfort.schema.MatchedSearch;
import be.belfort.surge.TopicHit;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * One hit per matched saved search and area: the post's wijk when known, and always the whole city,
 * so a fight spread over two wijken still adds up to a city-wide surge.
 */
final class ToTopicHits implements FlatMapFunction<EnrichedPost, TopicHit> {
    static final String CITY = "gent";

    @Override
    public void flatMap(EnrichedPost post, Collector<TopicHit> out) {
        for (MatchedSearch m : post.getMatches()) {
            long at = post.getCreatedAt().toEpochMilli();
            if (post.getWijk() != null) {
                out.collect(hit(m, post.getWijk(), at, post));
            }
            out.collect(hit(m, CITY, at, post));
        }
    }

    private static TopicHit hit(MatchedSearch m, String area, long at, EnrichedPost post) {
        return new TopicHit(m.getSearchId(), area, at, post.getId(), post.getAuthor(), m.getTerms(), m.getVersion())
                .withText(post.getText());
    }
}
