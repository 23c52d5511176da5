package be.belfort.nlp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits Dutch noun compounds into modifier and head against the dictionary's words:
 * {@code verkeersongeval → verkeer + ongeval}, {@code woningbrand → woning + brand}.
 *
 * <p>Dutch compounds are right-headed: a verkeersongeval is an ongeval, so only the head (and its
 * lemmas) stands for the whole word; the modifier never does. That is what keeps
 * {@code brandnieuw} away from {@code brand} and {@code geweldig} away from {@code geweld}. Further
 * guards against splits that change the meaning:
 * <ul>
 *   <li>the head must be a noun of at least {@value #MIN_HEAD} letters, and the word itself must be a
 *       noun or unknown (adjectives and particle verbs such as {@code brandnieuw}, {@code neergestoken}
 *       are not compounds in this sense);</li>
 *   <li>the modifier must be a noun or a verb stem of at least {@value #MIN_MODIFIER} letters, possibly
 *       followed by a linking {@code -s-}, {@code -e-} or {@code -en-}; adjective modifiers make
 *       lexicalised words ({@code roodborst} is a bird) and are not split;</li>
 *   <li>the longest head wins, and there is one split only ({@code fietsdiefstal → diefstal}, not
 *       {@code stal}).</li>
 * </ul>
 *
 * <p>Not thread-safe: shares the {@link Lemmatizer}'s memo.
 */
public final class CompoundSplitter {

    static final int MIN_HEAD = 4;
    static final int MIN_MODIFIER = 3;
    private static final String[] LINKS = {"", "s", "e", "en"};
    private static final String VERB_STEM = "WKW:TGW:1EP";

    private final Lemmatizer lemmatizer;

    /**
     * One compound split.
     *
     * @param modifier the modifier's dictionary form, without linking letters ({@code verkeer})
     * @param head     the head as written in the word ({@code ongevallen})
     */
    public record Split(String modifier, String head) {}

    public CompoundSplitter(Lemmatizer lemmatizer) {
        this.lemmatizer = lemmatizer;
    }

    /**
     * @param word a lower-case word
     * @return the split with the longest noun head, or empty when the word is not a compound
     */
    public Optional<Split> split(String word) {
        if (word.length() < MIN_MODIFIER + MIN_HEAD || !nounOrUnknown(word)) {
            return Optional.empty();
        }
        for (int i = MIN_MODIFIER; i <= word.length() - MIN_HEAD; i++) {
            String head = word.substring(i);
            if (!isNoun(head)) {
                continue;
            }
            String modifier = modifier(word.substring(0, i));
            if (modifier != null) {
                return Optional.of(new Split(modifier, head));
            }
        }
        return Optional.empty();
    }

    /**
     * The head of a compound followed by its lemmas: {@code verkeersongevallen → ongevallen, ongeval}.
     *
     * @param word a lower-case word
     * @return distinct forms; empty when the word is not a compound
     */
    public List<String> heads(String word) {
        Optional<Split> split = split(word);
        if (split.isEmpty()) {
            return List.of();
        }
        List<String> heads = new ArrayList<>(3);
        heads.add(split.get().head());
        lemmatizer.lemmas(split.get().head()).forEach(l -> Lemmatizer.addDistinct(heads, l));
        return heads;
    }

    private boolean nounOrUnknown(String word) {
        List<Lemmatizer.Reading> readings = lemmatizer.readings(word);
        return readings.isEmpty() || readings.stream().anyMatch(Lemmatizer.Reading::noun);
    }

    private boolean isNoun(String word) {
        return lemmatizer.readings(word).stream().anyMatch(Lemmatizer.Reading::noun);
    }

    /** The modifier without its linking letters, or null when {@code prefix} is not a usable modifier. */
    private String modifier(String prefix) {
        for (String link : LINKS) {
            if (!prefix.endsWith(link) || prefix.length() - link.length() < MIN_MODIFIER) {
                continue;
            }
            String base = prefix.substring(0, prefix.length() - link.length());
            for (Lemmatizer.Reading r : lemmatizer.readings(base)) {
                if (r.noun() || r.tag().startsWith(VERB_STEM)) {
                    return base;
                }
            }
        }
        return null;
    }
}
