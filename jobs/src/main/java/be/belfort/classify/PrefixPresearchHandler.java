package be.belfort.classify;

import java.io.IOException;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.monitor.CustomQueryHandler;
import org.apache.lucene.monitor.QueryTree;
import org.apache.lucene.monitor.TermWeightor;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.WildcardQuery;

/**
 * Lets lucene-monitor's term presearcher select wildcard searches by their literal prefix instead of
 * running them against every post.
 *
 * <p>Out of the box a wildcard query ({@code vechtpartij*}) cannot be reduced to terms, so the
 * presearcher treats it as "may match anything" and every post pays for it: with a few thousand
 * saved searches those dominate the matching time. Here a wildcard with literal prefix {@code P}
 * is indexed as one key: the first {@value #MAX_KEY} letters of {@code P} (all of them when
 * shorter). Each post term contributes its keys of {@value SearchQueries#MIN_PREFIX} to
 * {@value #MAX_KEY} letters, so the wildcard is a candidate exactly when some post term starts with
 * the key; the real query still decides. {@link SearchQueries} guarantees at least
 * {@value SearchQueries#MIN_PREFIX} literal letters.
 */
final class PrefixPresearchHandler implements CustomQueryHandler {

  /** Longer keys select better but cost one more presearcher term per post word each. */
  static final int MAX_KEY = 6;

  /** Marks keys so they never equal a real term. */
  private static final char MARK = '\u0001';

  @Override
  public QueryTree handleQuery(Query query, TermWeightor weightor) {
    Term prefix;
    if (query instanceof PrefixQuery p) {
      prefix = p.getPrefix();
    } else if (query instanceof WildcardQuery w) {
      prefix = new Term(w.getField(), literalPrefix(w.getTerm().text()));
    } else {
      return null;
    }
    String text = prefix.text();
    if (text.length() < SearchQueries.MIN_PREFIX) {
      return null; // leave it to the default: "may match anything"
    }
    return QueryTree.term(
        new Term(prefix.field(), key(text, Math.min(text.length(), MAX_KEY))), weightor);
  }

  @Override
  public TokenStream wrapTermStream(String field, TokenStream in) {
    return new KeyFilter(in);
  }

  static String literalPrefix(String wildcard) {
    int end = 0;
    while (end < wildcard.length()
        && "*?\\".indexOf(wildcard.charAt(end)) < 0) {
      end++;
    }
    return wildcard.substring(0, end);
  }

  private static String key(String text, int length) {
    return MARK + text.substring(0, length);
  }

  /** Emits every term, then its keys. */
  private static final class KeyFilter extends TokenFilter {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private String current;
    private int nextLength;

    KeyFilter(TokenStream in) {
      super(in);
    }

    @Override
    public boolean incrementToken() throws IOException {
      if (current != null && nextLength <= Math.min(current.length(), MAX_KEY)) {
        // Clear, or the position increment the presearcher's filter accumulates on the shared
        // attribute would carry over and grow until it overflows.
        clearAttributes();
        term.append(key(current, nextLength++));
        return true;
      }
      if (!input.incrementToken()) {
        return false;
      }
      current = term.length() >= SearchQueries.MIN_PREFIX && term.charAt(0) != MARK ? term.toString() : null;
      nextLength = SearchQueries.MIN_PREFIX;
      return true;
    }

    @Override
    public void reset() throws IOException {
      super.reset();
      current = null;
    }
  }
}
