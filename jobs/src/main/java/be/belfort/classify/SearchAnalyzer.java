package be.belfort.classify;

import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.core.TypeTokenFilter;
import org.apache.lucene.analysis.email.UAX29URLEmailTokenizer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;

/**
 * The one analysis chain used for saved-search queries and for post text, so that a query term
 * matches exactly the words it looks like it matches.
 *
 * <p>Chain: {@link UAX29URLEmailTokenizer} (Unicode word breaks, but URLs and e-mail addresses
 * stay whole) → drop URL and e-mail tokens → lower case → ASCII folding (geëvacueerd =
 * geevacueerd, volé = vole). Nothing more aggressive: no stemming, no stop words, no synonyms.
 * Dutch inflections are covered explicitly in the queries with wildcards ({@code vechtpartij*}),
 * which keeps every match explainable to an operator.
 *
 * <p>URLs are dropped rather than kept as one token because a prefix such as {@code brandweer*}
 * would otherwise match a link like {@code brandweer.be/nieuws}. Hashtags and mentions lose their
 * sign and become ordinary words: {@code #brand} matches {@code brand}.
 *
 * <p>{@link #normalize} applies the same lower-casing and folding, which the query parser uses
 * for wildcard, prefix and fuzzy terms (those are not tokenised).
 */
public final class SearchAnalyzer extends Analyzer {

  /** The analysed post text field, and the default field of every saved-search query. */
  public static final String TEXT_FIELD = "text";

  private static final Set<String> DROPPED_TYPES =
      Set.of(
          UAX29URLEmailTokenizer.TOKEN_TYPES[UAX29URLEmailTokenizer.URL],
          UAX29URLEmailTokenizer.TOKEN_TYPES[UAX29URLEmailTokenizer.EMAIL]);

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    UAX29URLEmailTokenizer tokenizer = new UAX29URLEmailTokenizer();
    TokenStream stream = new TypeTokenFilter(tokenizer, DROPPED_TYPES);
    stream = new LowerCaseFilter(stream);
    stream = new ASCIIFoldingFilter(stream);
    return new TokenStreamComponents(tokenizer, stream);
  }

  @Override
  protected TokenStream normalize(String fieldName, TokenStream in) {
    return new ASCIIFoldingFilter(new LowerCaseFilter(in));
  }
}
