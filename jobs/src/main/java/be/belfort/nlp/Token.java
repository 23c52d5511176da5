package be.belfort.nlp;

import java.io.Serializable;
import java.util.Objects;

/**
 * One token of a social-media post as produced by {@link SocialTokenizer}.
 *
 * @param kind what the token is
 * @param raw  the exact text as it appears in the post (for a hashtag including {@code #}, for a
 *             mention including {@code @})
 * @param norm the normalised form used for matching: lower case, diacritics folded, elongations
 *             squeezed; see {@link SocialTokenizer} for the rules per kind
 */
public record Token(Kind kind, String raw, String norm) implements Serializable {

    /** The kinds of token the tokenizer distinguishes. */
    public enum Kind {
        /** A word, possibly with internal apostrophes or hyphens ({@code zo'n}, {@code Sint-Baafsplein}). */
        WORD,
        /** A hashtag; its norm has no {@code #} and no underscores. */
        HASHTAG,
        /** An @mention; its norm keeps the {@code @} so it never collides with an ordinary word. */
        MENTION,
        /** A web address starting with {@code http://}, {@code https://} or {@code www.}. */
        URL,
        /** One emoji, including skin tone modifiers, variation selectors and ZWJ sequences. */
        EMOJI,
        /** Digits, with internal separators as in {@code 1.000,50}, {@code 21:15} or {@code 20/07}. */
        NUMBER
    }

    public Token {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(norm, "norm");
    }
}
