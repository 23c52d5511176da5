package be.belfort.classify;

import java.io.IOException;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Weight;

/**
 * A wildcard, prefix or fuzzy query that is rewritten against the index it runs on only when its
 * weight is built, and never as part of rewriting the query around it. A tree whose multi-term
 * parts are wrapped like this can be rewritten once, against an empty reader, and then run on
 * any index without a rewrite: the same matches as rewriting the whole tree against that index.
 */
final class PerIndexRewrite extends Query {
  private final MultiTermQuery query;

  private PerIndexRewrite(MultiTermQuery query) {
    this.query = query;
  }

  /** The query with every multi-term part wrapped; boolean and boost structure is kept. */
  static Query wrapMultiTermParts(Query query) {
    if (query instanceof MultiTermQuery multiTerm) {
      return new PerIndexRewrite(multiTerm);
    }
    if (query instanceof BoostQuery boost) {
      return new BoostQuery(wrapMultiTermParts(boost.getQuery()), boost.getBoost());
    }
    if (query instanceof BooleanQuery bool) {
      BooleanQuery.Builder wrapped =
          new BooleanQuery.Builder().setMinimumNumberShouldMatch(bool.getMinimumNumberShouldMatch());
      for (BooleanClause clause : bool.clauses()) {
        wrapped.add(wrapMultiTermParts(clause.getQuery()), clause.getOccur());
      }
      return wrapped.build();
    }
    return query;
  }

  @Override
  public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost)
      throws IOException {
    return searcher.createWeight(searcher.rewrite(query), scoreMode, boost);
  }

  @Override
  public void visit(QueryVisitor visitor) {
    query.visit(visitor);
  }

  @Override
  public String toString(String field) {
    return query.toString(field);
  }

  @Override
  public boolean equals(Object other) {
    return sameClassAs(other) && query.equals(((PerIndexRewrite) other).query);
  }

  @Override
  public int hashCode() {
    return 31 * classHash() + query.hashCode();
  }
}
