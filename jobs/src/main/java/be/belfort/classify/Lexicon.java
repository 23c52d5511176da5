package be.belfort.classify;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * A named word list that saved searches share ({@code rules/lexicons/*.yaml}): {@code lex:<id>} in
 * a query matches a post containing any of its entries. See {@code rules/lexicons/README.md}.
 *
 * @param id {@code [a-z0-9-]+}, what queries write after {@code lex:}
 * @param label what the list means, for rule authors
 * @param terms entries as written: a word, several words (an exact phrase) or a prefix ending in
 *     {@code *}; already validated by {@link LexiconLoader}
 * @param sourceFile file the lexicon was loaded from (for messages)
 * @param line 1-based line of the lexicon in that file
 */
public record Lexicon(String id, String label, List<String> terms, String sourceFile, int line)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The query field that names a lexicon: {@code lex:wapen}. */
  public static final String FIELD = "lex";

  /**
   * Prefix of the token that marks a lexicon hit in an analysed post. No word of a post can start
   * with it: the tokenizer never keeps an {@code @} inside a word (mentions lose it).
   */
  static final String TOKEN_PREFIX = "@";

  /** Copies the entries so the lexicon is immutable, and rejects missing values. */
  public Lexicon {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(label, "label");
    terms = List.copyOf(terms);
    Objects.requireNonNull(sourceFile, "sourceFile");
  }

  /** The token a post carries where it contains an entry of lexicon {@code id}. */
  static String token(String id) {
    return TOKEN_PREFIX + id;
  }
}
