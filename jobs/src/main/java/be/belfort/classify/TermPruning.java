package be.belfort.classify;

import java.util.Set;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.MultiPhraseQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SynonymQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * Cuts a search down to the parts that can match one post, given the post's indexed words.
 *
 * <p>A shipped search has a hundred-odd words and phrases; a post contains a few of them. Building
 * Lucene weights (a term look-up each) for every part, to learn which words matched, cost more than
 * the matching. Parts whose words the post lacks cannot match and never contribute matched words,
 * so dropping them gives the same match and the same matched words: a word or phrase with a missing
 * word goes, an optional or excluded part that cannot match goes, and a required part that cannot
 * match makes the whole query impossible. Wildcard and fuzzy parts are kept: only the index knows
 * which words they match.
 */
final class TermPruning {

  private TermPruning() {}

  /**
   * @param query a rewritten query on {@link SearchAnalyzer#TEXT_FIELD}
   * @param words every word indexed for the post, word forms included, as index bytes
   * @return the parts that can match, or {@code null} when the query cannot match the post
   */
  static Query prune(Query query, Set<BytesRef> words) {
    if (query instanceof TermQuery term) {
      return present(term.getTerm(), words) ? query : null;
    }
    if (query instanceof SynonymQuery synonyms) {
      for (Term term : synonyms.getTerms()) {
        if (present(term, words)) {
          return query;
        }
      }
      return null;
    }
    if (query instanceof PhraseQuery phrase) {
      for (Term term : phrase.getTerms()) {
        if (!present(term, words)) {
          return null;
        }
      }
      return query;
    }
    if (query instanceof MultiPhraseQuery phrase) {
      for (Term[] position : phrase.getTermArrays()) {
        boolean any = false;
        for (Term term : position) {
          any |= present(term, words);
        }
        if (!any) {
          return null;
        }
      }
      return query;
    }
    if (query instanceof BoostQuery boost) {
      Query inner = prune(boost.getQuery(), words);
      return inner == null ? null
          : inner == boost.getQuery() ? query : new BoostQuery(inner, boost.getBoost());
    }
    if (query instanceof BooleanQuery bool) {
      return pruneBoolean(bool, words);
    }
    return query;
  }

  private static Query pruneBoolean(BooleanQuery bool, Set<BytesRef> words) {
    BooleanQuery.Builder kept =
        new BooleanQuery.Builder().setMinimumNumberShouldMatch(bool.getMinimumNumberShouldMatch());
    int required = 0;
    int should = 0;
    int shouldKept = 0;
    boolean changed = false;
    for (BooleanClause clause : bool.clauses()) {
      Query part = prune(clause.getQuery(), words);
      BooleanClause.Occur occur = clause.getOccur();
      if (occur == BooleanClause.Occur.SHOULD) {
        should++;
      }
      if (part == null) {
        if (clause.isRequired()) {
          return null;
        }
        changed = true;
        continue;
      }
      changed |= part != clause.getQuery();
      if (clause.isRequired()) {
        required++;
      } else if (occur == BooleanClause.Occur.SHOULD) {
        shouldKept++;
      }
      kept.add(part, occur);
    }
    // Without required clauses at least one optional clause must match, and never fewer than
    // the minimum asked for.
    int shouldNeeded = Math.max(bool.getMinimumNumberShouldMatch(), required == 0 && should > 0 ? 1 : 0);
    if (shouldKept < shouldNeeded || required + shouldKept == 0) {
      return null;
    }
    return changed ? kept.build() : bool;
  }

  private static boolean present(Term term, Set<BytesRef> words) {
    return SearchAnalyzer.TEXT_FIELD.equals(term.field()) && words.contains(term.bytes());
  }
}
