package be.belfort.nlp;

import java.io.Serializable;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Tokenizer for short social-media texts, written as a single forward scan over code points (no
 * regular expressions) because it runs on every post.
 *
 * <p>Recognised, in this order of precedence:
 * <ul>
 *   <li>{@link Token.Kind#URL}: {@code http://}, {@code https://} or {@code www.} up to the next
 *       white space; trailing punctuation and unbalanced closing brackets are left out. Norm: lower case.</li>
 *   <li>{@link Token.Kind#EMOJI}: one pictograph with its skin tone modifiers, variation selectors and
 *       ZWJ-joined followers ({@code 👍🏽}, {@code 👨‍👩‍👧}, {@code 🏳️‍🌈}), flag pairs and keycaps.
 *       Norm: without variation selectors and skin tones, so {@code 👍🏽} and {@code 👍} compare equal.</li>
 *   <li>{@link Token.Kind#MENTION}: {@code @handle}, also {@code @user@instance.social} and
 *       {@code @name.bsky.social}; only at a word boundary, so e-mail addresses are not mentions.
 *       Norm: {@code @} plus the lower-case handle.</li>
 *   <li>{@link Token.Kind#HASHTAG}: {@code #} followed by letters, digits or underscores, with at least
 *       one letter. Norm: the folded body without {@code #} and underscores, so {@code #Gentse_Feesten}
 *       and {@code #GentseFeesten} both give {@code gentsefeesten}. A hashtag made of several
 *       CamelCase or underscore segments is directly followed by one extra WORD/NUMBER token per
 *       segment ({@code #GentseFeesten} → HASHTAG, WORD gentse, WORD feesten); see
 *       {@link #hashtagSegmentCount(List, int)}.</li>
 *   <li>{@link Token.Kind#NUMBER}: digits with internal {@code . , : /} separators. Digits directly
 *       followed by letters form a WORD ({@code 3de}, {@code 40km}).</li>
 *   <li>{@link Token.Kind#WORD}: letters and digits with internal apostrophes and hyphens
 *       ({@code zo'n}, {@code auto's}, {@code Sint-Baafsplein}, {@code R40}), plus the Flemish clitics
 *       {@code 't 's 'k 'n 'm 'r}. A French elided article or pronoun is dropped ({@code l'Overpoort}
 *       → {@code overpoort}, {@code d'artifice} → {@code artifice}).</li>
 * </ul>
 * Everything else (punctuation, stray symbols) separates tokens and is dropped.
 *
 * <p>Word and hashtag norms: lower case (root locale), diacritics folded by NFD decomposition and
 * removal of combining marks ({@code geëvacueerd → geevacueerd}), typographic apostrophes and
 * hyphens replaced by ASCII ones, and runs of three or more identical letters squeezed to one
 * ({@code zooooo → zo}, {@code jaaaa → ja}); runs of two are kept because Dutch spells with them.
 *
 * <p>Stateless and thread-safe.
 */
public final class SocialTokenizer implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Set<String> ELIDED = Set.of("l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu");

    /**
     * Tokenizes a text.
     *
     * @param text the post text; {@code null} or empty gives an empty list
     * @return the tokens in text order
     */
    public List<Token> tokenize(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        List<Token> out = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            int cp = text.codePointAt(i);
            int width = Character.charCount(cp);
            if (Character.isWhitespace(cp)) {
                i += width;
                continue;
            }
            boolean boundary = i == 0 || !isWordChar(text.codePointBefore(i));
            int end;
            if (boundary && (end = urlEnd(text, i)) > i) {
                String raw = text.substring(i, end);
                out.add(new Token(Token.Kind.URL, raw, raw.toLowerCase(Locale.ROOT)));
            } else if ((end = emojiEnd(text, i)) > i) {
                String raw = text.substring(i, end);
                out.add(new Token(Token.Kind.EMOJI, raw, emojiNorm(raw)));
            } else if (cp == '@' && boundary && (end = mentionEnd(text, i)) > i) {
                String raw = text.substring(i, end);
                out.add(new Token(Token.Kind.MENTION, raw, "@" + raw.substring(1).toLowerCase(Locale.ROOT)));
            } else if (cp == '#' && boundary && (end = hashtagEnd(text, i)) > i) {
                addHashtag(text.substring(i, end), out);
            } else if (Character.isDigit(cp)) {
                end = numberEnd(text, i);
                if (end < n && isWordStart(text.codePointAt(end)) && onlyDigits(text, i, end)) {
                    end = wordEnd(text, end);
                    out.add(word(text.substring(i, end)));
                } else {
                    String raw = text.substring(i, end);
                    out.add(new Token(Token.Kind.NUMBER, raw, raw));
                }
            } else if (isWordStart(cp)) {
                end = wordEnd(text, i);
                out.add(word(text.substring(afterElision(text, i, end), end)));
            } else if (boundary && isApostrophe(cp) && (end = cliticEnd(text, i)) > i) {
                out.add(word(text.substring(i, end)));
            } else {
                end = i + width;
            }
            i = end;
        }
        return out;
    }

    /**
     * How many tokens directly after the hashtag at {@code index} are the segments this tokenizer
     * split off it (see the class comment), so consumers can treat the hashtag and its segments as
     * one unit.
     *
     * @param tokens the output of {@link #tokenize(String)}
     * @param index  position of a token in {@code tokens}
     * @return the number of segment tokens following it; 0 when the token is not a segmented hashtag
     */
    public static int hashtagSegmentCount(List<Token> tokens, int index) {
        Token tag = tokens.get(index);
        if (tag.kind() != Token.Kind.HASHTAG) {
            return 0;
        }
        String body = tag.raw().substring(1).replace("_", "");
        int pos = 0;
        int j = index + 1;
        while (pos < body.length() && j < tokens.size()) {
            Token t = tokens.get(j);
            boolean segmentKind = t.kind() == Token.Kind.WORD || t.kind() == Token.Kind.NUMBER;
            if (!segmentKind || !body.startsWith(t.raw(), pos)) {
                break;
            }
            pos += t.raw().length();
            j++;
        }
        int count = j - index - 1;
        // Single-segment hashtags get no extra tokens, so a lone match is an ordinary following word.
        return pos == body.length() && count >= 2 ? count : 0;
    }

    /**
     * The normalisation applied to words and hashtags: lower case, diacritics folded, typographic
     * apostrophes/hyphens made ASCII, runs of three or more identical letters squeezed to one.
     *
     * @param s any text
     * @return its normalised form
     */
    public static String normalize(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        if (!isAscii(lower)) {
            lower = foldNonAscii(lower);
        }
        return squeeze(lower);
    }

    private static Token word(String raw) {
        return new Token(Token.Kind.WORD, raw, normalize(raw));
    }

    private static void addHashtag(String raw, List<Token> out) {
        String body = raw.substring(1);
        out.add(new Token(Token.Kind.HASHTAG, raw, normalize(body.replace("_", ""))));
        List<String> segments = camelSegments(body);
        if (segments.size() < 2) {
            return;
        }
        for (String segment : segments) {
            Token.Kind kind = onlyDigits(segment, 0, segment.length()) ? Token.Kind.NUMBER : Token.Kind.WORD;
            out.add(new Token(kind, segment, kind == Token.Kind.NUMBER ? segment : normalize(segment)));
        }
    }

    /** Splits at underscores, lower→Upper ("gentseFeesten") and Upper→Upper+lower ("UZGent" → UZ, Gent). */
    private static List<String> camelSegments(String body) {
        List<String> segments = new ArrayList<>();
        int start = 0;
        int n = body.length();
        for (int i = 0; i < n; ) {
            int cp = body.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (cp == '_') {
                if (i > start) {
                    segments.add(body.substring(start, i));
                }
                start = next;
            } else if (i > start && Character.isUpperCase(cp)) {
                int prev = body.codePointBefore(i);
                boolean lowerToUpper = Character.isLowerCase(prev);
                boolean acronymEnd = Character.isUpperCase(prev) && next < n
                        && Character.isLowerCase(body.codePointAt(next));
                if (lowerToUpper || acronymEnd) {
                    segments.add(body.substring(start, i));
                    start = i;
                }
            }
            i = next;
        }
        if (start < n) {
            segments.add(body.substring(start));
        }
        return segments;
    }

    private static int urlEnd(String text, int i) {
        int prefix;
        if (text.regionMatches(true, i, "https://", 0, 8)) {
            prefix = 8;
        } else if (text.regionMatches(true, i, "http://", 0, 7)) {
            prefix = 7;
        } else if (text.regionMatches(true, i, "www.", 0, 4)) {
            prefix = 4;
        } else {
            return i;
        }
        int n = text.length();
        int j = i + prefix;
        int open = 0;
        int close = 0;
        while (j < n) {
            char c = text.charAt(j);
            if (Character.isWhitespace(c) || c == '<' || c == '>' || c == '"' || c == '“' || c == '”'
                    || c == '«' || c == '»') {
                break;
            }
            if (c == '(') {
                open++;
            } else if (c == ')') {
                close++;
            }
            j++;
        }
        // Sentence punctuation after a link is not part of it; a ')' is only kept when balanced,
        // as in Wikipedia links.
        while (j > i + prefix) {
            char last = text.charAt(j - 1);
            if (last == ')' && close > open) {
                close--;
            } else if (".,;:!?'’…]}".indexOf(last) < 0) {
                break;
            }
            j--;
        }
        return j > i + prefix ? j : i;
    }

    private static int mentionEnd(String text, int i) {
        int n = text.length();
        int j = i + 1;
        if (j >= n || !isHandleChar(text.charAt(j))) {
            return i;
        }
        while (j < n) {
            char c = text.charAt(j);
            if (isHandleChar(c)) {
                j++;
            } else if ((c == '.' || c == '@' || c == '-') && j + 1 < n && isHandleChar(text.charAt(j + 1))) {
                j++;
            } else {
                break;
            }
        }
        return j;
    }

    private static boolean isHandleChar(char c) {
        return c < 0x80 && (Character.isLetterOrDigit(c) || c == '_');
    }

    private static int hashtagEnd(String text, int i) {
        int n = text.length();
        int j = i + 1;
        boolean letter = false;
        while (j < n) {
            int cp = text.codePointAt(j);
            if (!isWordChar(cp) && cp != '_') {
                break;
            }
            letter |= Character.isLetter(cp);
            j += Character.charCount(cp);
        }
        return letter ? j : i;
    }

    private static int numberEnd(String text, int i) {
        int n = text.length();
        int j = digitsEnd(text, i);
        while (j + 1 < n && ".,:/".indexOf(text.charAt(j)) >= 0 && Character.isDigit(text.charAt(j + 1))) {
            j = digitsEnd(text, j + 1);
        }
        return j;
    }

    private static int digitsEnd(String text, int i) {
        int j = i;
        while (j < text.length() && Character.isDigit(text.charAt(j))) {
            j++;
        }
        return j;
    }

    private static boolean onlyDigits(String s, int from, int to) {
        for (int k = from; k < to; k++) {
            if (!Character.isDigit(s.charAt(k))) {
                return false;
            }
        }
        return to > from;
    }

    private static int wordEnd(String text, int i) {
        int n = text.length();
        int j = i;
        while (j < n) {
            int cp = text.codePointAt(j);
            if (isWordChar(cp)) {
                j += Character.charCount(cp);
            } else if ((isApostrophe(cp) || isHyphen(cp)) && j + 1 < n && isWordChar(text.codePointAt(j + 1))) {
                j++;
            } else {
                break;
            }
        }
        return j;
    }

    /**
     * Where the word in {@code [start, end)} begins once a French elided article or pronoun is taken
     * off ({@code l'Overpoort}, {@code d'artifice}, {@code qu'il}), as Lucene's {@code ElisionFilter}
     * does; otherwise {@code start}. The rest must have two or more characters or be French
     * {@code a}/{@code à}/{@code y} ({@code jusqu'à}, {@code n'y}), so the Dutch {@code m'n},
     * {@code z'n} and {@code d'r} stay whole.
     */
    private static int afterElision(String text, int start, int end) {
        int apostrophe = start;
        while (apostrophe < end && !isApostrophe(text.charAt(apostrophe))) {
            apostrophe++;
        }
        if (apostrophe >= end || !ELIDED.contains(text.substring(start, apostrophe).toLowerCase(Locale.ROOT))) {
            return start;
        }
        int rest = end - apostrophe - 1;
        boolean frenchOneLetter = rest == 1 && "aàyAÀY".indexOf(text.charAt(apostrophe + 1)) >= 0;
        return rest >= 2 || frenchOneLetter ? apostrophe + 1 : start;
    }

    /** Flemish/Dutch clitics {@code 't 's 'k 'n 'm 'r} written with a leading apostrophe. */
    private static int cliticEnd(String text, int i) {
        int n = text.length();
        if (i + 1 >= n || "tskmnrTSKMNR".indexOf(text.charAt(i + 1)) < 0) {
            return i;
        }
        return i + 2 == n || !isWordChar(text.codePointAt(i + 2)) ? i + 2 : i;
    }

    private static int emojiEnd(String text, int i) {
        int n = text.length();
        int cp = text.codePointAt(i);
        int j = i + Character.charCount(cp);
        if ((cp >= '0' && cp <= '9') || cp == '#' || cp == '*') {
            // Keycap: base, optional VS16, COMBINING ENCLOSING KEYCAP.
            int k = j < n && text.charAt(j) == 0xFE0F ? j + 1 : j;
            return k < n && text.charAt(k) == 0x20E3 ? k + 1 : i;
        }
        if (!isEmojiBase(cp, text, j)) {
            return i;
        }
        if (isRegionalIndicator(cp)) {
            // Flags are pairs of regional indicators.
            if (j < n && isRegionalIndicator(text.codePointAt(j))) {
                j += 2;
            }
            return j;
        }
        while (true) {
            j = emojiModifiersEnd(text, j);
            if (j + 1 < n && text.charAt(j) == 0x200D) {
                int joined = text.codePointAt(j + 1);
                int after = j + 1 + Character.charCount(joined);
                if (isEmojiBase(joined, text, after)) {
                    j = after;
                    continue;
                }
            }
            return j;
        }
    }

    private static int emojiModifiersEnd(String text, int j) {
        int n = text.length();
        while (j < n) {
            int cp = text.codePointAt(j);
            if (isEmojiModifier(cp) || cp == 0x20E3 || (cp >= 0xE0020 && cp <= 0xE007F)) {
                j += Character.charCount(cp);
            } else {
                break;
            }
        }
        return j;
    }

    /** Variation selectors and skin tones: they change the look of an emoji, not its meaning. */
    private static boolean isEmojiModifier(int cp) {
        return cp == 0xFE0E || cp == 0xFE0F || (cp >= 0x1F3FB && cp <= 0x1F3FF);
    }

    private static boolean isEmojiBase(int cp, String text, int after) {
        if (cp >= 0x1F000 && cp <= 0x1FAFF) {
            return true;
        }
        // Symbols below U+2000 (°, ©, ¦...) are ordinary text unless the emoji presentation selector follows.
        if (cp >= 0x2000 && Character.getType(cp) == Character.OTHER_SYMBOL) {
            return true;
        }
        return after < text.length() && text.charAt(after) == 0xFE0F && !Character.isLetterOrDigit(cp)
                && !Character.isWhitespace(cp);
    }

    private static boolean isRegionalIndicator(int cp) {
        return cp >= 0x1F1E6 && cp <= 0x1F1FF;
    }

    private static String emojiNorm(String raw) {
        StringBuilder sb = new StringBuilder(raw.length());
        raw.codePoints().filter(cp -> !isEmojiModifier(cp)).forEach(sb::appendCodePoint);
        return sb.isEmpty() ? raw : sb.toString();
    }

    private static boolean isWordStart(int cp) {
        return Character.isLetter(cp);
    }

    private static boolean isWordChar(int cp) {
        if (Character.isLetterOrDigit(cp)) {
            return true;
        }
        if (cp == 0x20E3 || (cp >= 0xFE00 && cp <= 0xFE0F)) {
            return false; // emoji selectors are marks too, but never part of a word
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    private static boolean isApostrophe(int cp) {
        return cp == '\'' || cp == '’' || cp == 'ʼ' || cp == '‘';
    }

    private static boolean isHyphen(int cp) {
        return cp == '-' || cp == '‐' || cp == '‑';
    }

    private static boolean isAscii(String s) {
        for (int k = 0; k < s.length(); k++) {
            if (s.charAt(k) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static String foldNonAscii(String lower) {
        String nfd = Normalizer.normalize(lower, Normalizer.Form.NFD);
        StringBuilder sb = new StringBuilder(nfd.length());
        for (int k = 0; k < nfd.length(); k++) {
            char c = nfd.charAt(k);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue;
            }
            if (isApostrophe(c)) {
                sb.append('\'');
            } else if (isHyphen(c)) {
                sb.append('-');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Runs of three or more identical letters become one letter ("zooooo" → "zo"). */
    private static String squeeze(String s) {
        int n = s.length();
        StringBuilder sb = null;
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            int run = 1;
            while (i + run < n && s.charAt(i + run) == c) {
                run++;
            }
            if (run >= 3 && Character.isLetter(c)) {
                if (sb == null) {
                    sb = new StringBuilder(n).append(s, 0, i);
                }
                sb.append(c);
            } else if (sb != null) {
                sb.append(s, i, i + run);
            }
            i += run;
        }
        return sb == null ? s : sb.toString();
    }
}
