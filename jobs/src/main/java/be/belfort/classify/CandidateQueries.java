package be.belfort.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.lucene.index.PrefixCodedTerms;
import org.apache.lucene.index.Term;
import org.apache.lucene.monitor.CustomQueryHandler;
import org.apache.lucene.monitor.QueryTree;
import org.apache.lucene.monitor.TermWeightor;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SynonymQuery;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * What lucene-monitor runs for a saved search: a query that matches every post the search matches
 * (and a few more), and costs far less on a batch index. {@link PostClassifier} then decides each
 * candidate (post, search) pair with the full query on the one post, where it needs the matched
 * words anyway.
 *
 * <p>Running a search on a batch index costs one term dictionary look-up per word in it, and the
 * shipped searches are OR lists of a hundred-odd words and phrases plus twenty-odd excluded
 * phrases; the monitor splits a search into its OR branches but runs a branch such as
 * {@code (muziek OR bas OR ...) AND (wakker OR overlast OR "niet slapen"~2 OR ...)} whole, with the
 * exclusions, whenever one word of it occurs anywhere in the batch. So:
 *
 * <ul>
 *   <li>NOT parts are dropped: a MUST_NOT clause only ever narrows a query, so the wider query
 *       misses nothing. Posts an exclusion would have removed are the few extra candidates.
 *   <li>The plain words of an OR list (terms, and the word forms the analyzer put at the same
 *       position) become one {@link TermInSetQuery}, which walks the batch's term dictionary once
 *       instead of once per word. Same matches: no widening here.
 * </ul>
 *
 * Phrases, wildcards and fuzzy terms are kept as they are: widening a phrase to one of its words
 * would make several times more candidates than there are matches.
 */
final class CandidateQueries {

  /**
   * Shorter OR lists stay separate term queries: the monitor runs those one by one only when their
   * word occurs, and {@link PrunedMatcher} drops the absent ones from a conjunction before any
   * look-up, which beats walking the term dictionary for a small set (measured with 10,000
   * generated searches, mostly of one to three words).
   */
  static final int MIN_WORD_SET = 16;

  private CandidateQueries() {}

  /** The candidate query of a search's full query; see the class comment. */
  static Query of(Query query) {
    if (query instanceof BoostQuery boost) {
      return of(boost.getQuery()); // the monitor only asks whether a post matches, never how well
    }
    if (!(query instanceof BooleanQuery bool)) {
      return query;
    }
    int minimumShould = bool.getMinimumNumberShouldMatch();
    BooleanQuery.Builder candidate =
        new BooleanQuery.Builder().setMinimumNumberShouldMatch(minimumShould);
    // With at most one SHOULD clause required, "any of these words" is one clause however many
    // words there are; with more required, each word must count on its own.
    TreeSet<Term> words = minimumShould <= 1 ? new TreeSet<>() : null;
    for (BooleanClause clause : bool.clauses()) {
      if (clause.getOccur() == BooleanClause.Occur.MUST_NOT) {
        continue;
      }
      Query part = of(clause.getQuery());
      if (words != null && clause.getOccur() == BooleanClause.Occur.SHOULD && addWords(part, words)) {
        continue;
      }
      candidate.add(part, clause.getOccur());
    }
    if (words != null && words.size() >= MIN_WORD_SET) {
      candidate.add(anyOf(words), BooleanClause.Occur.SHOULD);
    } else if (words != null) {
      words.forEach(t -> candidate.add(new TermQuery(t), BooleanClause.Occur.SHOULD));
    }
    BooleanQuery built = candidate.build();
    return built.clauses().size() == 1 && minimumShould <= 1 ? built.clauses().get(0).getQuery() : built;
  }

  /** Adds the words of a query that matches exactly when one of its words occurs; false for others. */
  private static boolean addWords(Query query, TreeSet<Term> words) {
    if (query instanceof TermQuery term) {
      words.add(term.getTerm());
      return true;
    }
    if (query instanceof SynonymQuery synonyms) {
      words.addAll(synonyms.getTerms());
      return true;
    }
    if (query instanceof TermInSetQuery set) {
      words.addAll(terms(set));
      return true;
    }
    return false;
  }

  private static Query anyOf(TreeSet<Term> words) {
    if (words.size() == 1) {
      return new TermQuery(words.first());
    }
    String field = words.first().field();
    if (words.stream().anyMatch(t -> !t.field().equals(field))) {
      // Saved searches only ever search the text field; keep anything else exact.
      BooleanQuery.Builder any = new BooleanQuery.Builder();
      words.forEach(t -> any.add(new TermQuery(t), BooleanClause.Occur.SHOULD));
      return any.build();
    }
    return new TermInSetQuery(field, words.stream().map(Term::bytes).toList());
  }

  private static List<Term> terms(TermInSetQuery set) {
    List<Term> terms = new ArrayList<>();
    PrefixCodedTerms.TermIterator it = set.getTermData().iterator();
    for (BytesRef term = it.next(); term != null; term = it.next()) {
      terms.add(new Term(it.field(), BytesRef.deepCopyOf(term)));
    }
    return terms;
  }

  /**
   * Lets the presearcher select a {@link TermInSetQuery} by its words, like the OR list of terms it
   * replaces; out of the box it would count as "may match anything" and run on every batch.
   */
  static final class WordSetHandler implements CustomQueryHandler {
    @Override
    public QueryTree handleQuery(Query query, TermWeightor weightor) {
      if (!(query instanceof TermInSetQuery set)) {
        return null;
      }
      List<Function<TermWeightor, QueryTree>> words = new ArrayList<>();
      for (Term term : terms(set)) {
        words.add(w -> QueryTree.term(term, w));
      }
      return QueryTree.disjunction(words, weightor);
    }
  }
}
