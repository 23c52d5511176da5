package be.belfort.classify;

import be.belfort.nlp.DutchWordForms;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.core.TypeTokenFilter;
import org.apache.lucene.analysis.email.UAX29URLEmailTokenizer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;

/**
 * The analysis chains of saved-search queries and post text: one tokenisation and normalisation, so
 * a query term matches exactly the words it looks like it matches, plus Dutch word forms on both
 * sides that are compatible by construction (see {@link DutchWordForms}).
 *
 * <p>Chain: {@link UAX29URLEmailTokenizer} (Unicode word breaks, but URLs and e-mail addresses
 * stay whole) → drop URL and e-mail tokens → lower case → {@link WordFormsFilter} (posts: lemmas
 * and compound heads; queries: the lemma of an inflected noun; both at the word's own position) →
 * ASCII folding (geëvacueerd = geevacueerd, volé = vole). No stop words, no synonyms. Wildcards
 * ({@code vechtpartij*}) still work on the words as written and on their lemmas.
 *
 * <p>Thus {@code ongeval} finds "verkeersongeval", {@code vechtpartij} "vechtpartijen",
 * {@code dumpen} "gedumpt" and {@code sluikstort} "sluikstorters", while "brandnieuw" does not give
 * {@code brand} nor "geweldig" {@code geweld}: a compound stands only for its head.
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

  /** Which side of the matching a chain serves. */
  public enum Side {
    /** Post text: every word plus its lemmas, compound head and head lemmas. */
    DOCUMENT,
    /** Saved-search query text: every word plus the lemma of an inflected noun. */
    QUERY,
    /**
     * Post text without word forms: the same positions as {@link #DOCUMENT}, one token each, for
     * reporting which words matched.
     */
    SURFACE
  }

  private static final Set<String> DROPPED_TYPES =
      Set.of(
          UAX29URLEmailTokenizer.TOKEN_TYPES[UAX29URLEmailTokenizer.URL],
          UAX29URLEmailTokenizer.TOKEN_TYPES[UAX29URLEmailTokenizer.EMAIL]);

  private final Side side;

  /** @param side which chain this analyzer builds */
  public SearchAnalyzer(Side side) {
    this.side = side;
  }

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    UAX29URLEmailTokenizer tokenizer = new UAX29URLEmailTokenizer();
    TokenStream stream = new TypeTokenFilter(tokenizer, DROPPED_TYPES);
    stream = new LowerCaseFilter(stream);
    // Components are per thread (the analyzer's reuse strategy), so each gets its own
    // non-thread-safe word forms and memo over the one shared dictionary.
    if (side == Side.DOCUMENT) {
      stream = new WordFormsFilter(stream, new DutchWordForms()::documentForms);
    } else if (side == Side.QUERY) {
      stream = new WordFormsFilter(stream, new DutchWordForms()::queryForms);
    }
    stream = new ASCIIFoldingFilter(stream);
    return new TokenStreamComponents(tokenizer, stream);
  }

  @Override
  protected TokenStream normalize(String fieldName, TokenStream in) {
    return new ASCIIFoldingFilter(new LowerCaseFilter(in));
  }
}
