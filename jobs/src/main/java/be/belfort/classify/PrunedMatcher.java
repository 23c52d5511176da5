package be.belfort.classify;

import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.monitor.CandidateMatcher;
import org.apache.lucene.monitor.MatcherFactory;
import org.apache.lucene.monitor.QueryMatch;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.util.BytesRef;

/**
 * lucene-monitor's simple matcher (which posts of the batch a candidate query matches), except that
 * each candidate is first cut down to the parts the batch's words allow ({@link TermPruning}).
 *
 * <p>The presearcher picks a search when one of its words occurs somewhere in the batch; running it
 * then looks up every word and phrase word it has in the batch index, a fresh term dictionary seek
 * each. A search such as {@code muziek AND ("niet slapen"~2 OR "tot 3u" OR ...)} has dozens of
 * phrases, most with a word that no post of the batch contains: a set look-up settles those. Same
 * matches, as words the batch lacks cannot match in it. The batch index is searched without
 * Lucene's query cache: nothing is ever run twice on it.
 */
final class PrunedMatcher extends CandidateMatcher<QueryMatch> {
  private final Set<BytesRef> batchWords;

  private PrunedMatcher(IndexSearcher searcher, Set<BytesRef> batchWords) {
    super(searcher);
    this.batchWords = batchWords;
    searcher.setQueryCache(null);
  }

  /** @param batchWords every word indexed for any post of the batch, as index bytes */
  static MatcherFactory<QueryMatch> forBatch(Set<BytesRef> batchWords) {
    return searcher -> new PrunedMatcher(searcher, batchWords);
  }

  @Override
  protected void matchQuery(String queryId, Query matchQuery, Map<String, String> metadata)
      throws IOException {
    Query pruned = TermPruning.prune(matchQuery, batchWords);
    if (pruned == null) {
      return;
    }
    QueryMatch match = new QueryMatch(queryId);
    searcher.search(
        pruned,
        new CollectorManager<SimpleCollector, Void>() {
          @Override
          public SimpleCollector newCollector() {
            return new SimpleCollector() {
              @Override
              public void collect(int doc) {
                addMatch(match, doc);
              }

              @Override
              public ScoreMode scoreMode() {
                return ScoreMode.COMPLETE_NO_SCORES;
              }
            };
          }

          @Override
          public Void reduce(Collection<SimpleCollector> collectors) {
            return null;
          }
        });
  }

  @Override
  public QueryMatch resolve(QueryMatch match1, QueryMatch match2) {
    return match1; // two branches of one search matched the same post: one match
  }
}
