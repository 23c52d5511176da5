package be.belfort.nlp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
 *   <li>the longest head wins ({@code fietsdiefstal → diefstal}, not {@code stal}); that head is
 *       split again, so every level counts ({@code koophandelsplein → handelsplein, plein});</li>
 *   <li>derivational suffixes that are also nouns are no heads ({@code fietsster}, {@code leerling},
 *       {@code verzakking}, {@code regering}).</li>
 * </ul>
 *
 * <p>Not thread-safe: shares the {@link Lemmatizer}'s memo.
 */
public final class CompoundSplitter {

    static final int MIN_HEAD = 4;
    static final int MIN_MODIFIER = 3;
    private static final String[] LINKS = {"", "s", "e", "en"};
    private static final String VERB_STEM = "WKW:TGW:1EP";
    private static final Set<String> SUFFIX_HEADS = Set.of("ster", "ling", "schap");

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
     * Splits a compound as written. A word the dictionary knows is split only in its base form
     * ({@code verkeersongeval}); inflected forms go through their lemma in {@link #heads}, so that an
     * ending cannot pose as a head ({@code manifestanten} is not {@code manifest + anten}).
     *
     * @param word a lower-case word
     * @return the split with the longest noun head, or empty when the word is not a compound
     */
    public Optional<Split> split(String word) {
        if (word.length() < MIN_MODIFIER + MIN_HEAD || !nounLemmaOrUnknown(word)) {
            return Optional.empty();
        }
        for (int i = MIN_MODIFIER; i <= word.length() - MIN_HEAD; i++) {
            String head = word.substring(i);
            if (!isNoun(head) || isSuffix(word, i)) {
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
     * The heads of a word's noun readings: {@code verkeersongevallen → ongeval},
     * {@code woningbranden → brand}. A known word is split through its noun lemmas; an unknown word
     * is split as written and its head lemmatised.
     *
     * @param word a lower-case word
     * @return distinct noun heads; empty when the word is not a compound
     */
    public List<String> heads(String word) {
        List<Lemmatizer.Reading> readings = lemmatizer.readings(word);
        List<String> heads = new ArrayList<>(2);
        if (readings.isEmpty()) {
            split(word).ifPresent(s -> addNounForms(s.head(), heads));
        } else {
            for (Lemmatizer.Reading r : readings) {
                if (r.noun()) {
                    split(r.lemma()).ifPresent(s -> Lemmatizer.addDistinct(heads, s.head()));
                }
            }
        }
        // A head can be a compound itself (koophandelsplein → handelsplein → plein); every level is
        // still the same kind of thing. Heads only get shorter, so this ends.
        for (int i = 0; i < heads.size(); i++) {
            split(heads.get(i)).ifPresent(s -> Lemmatizer.addDistinct(heads, s.head()));
        }
        return heads;
    }

    /**
     * Whether the part from {@code i} on is a derivational suffix that happens to be a noun, not a
     * head: {@code fiets|ster} (a woman who cycles, not a star), {@code leer|ling},
     * {@code vriend|schap}, {@code -ing} after a doubled consonant ({@code verzak|king}) and
     * {@code -ering} ({@code reg|e|ring}, {@code lev|e|ringen}: government and delivery are no ring road).
     */
    private static boolean isSuffix(String word, int i) {
        String head = word.substring(i);
        if (SUFFIX_HEADS.contains(head)) {
            return true;
        }
        if ((head.equals("ring") || head.equals("ringen")) && word.charAt(i - 1) == 'e') {
            return true;
        }
        return head.length() == 4 && head.endsWith("ing") && word.charAt(i - 1) == head.charAt(0);
    }

    /** The head and its noun lemmas: verb readings of a head ({@code brand → branden}) are another word. */
    private void addNounForms(String head, List<String> out) {
        Lemmatizer.addDistinct(out, head);
        for (Lemmatizer.Reading r : lemmatizer.readings(head)) {
            if (r.noun()) {
                Lemmatizer.addDistinct(out, r.lemma());
            }
        }
    }

    private boolean nounLemmaOrUnknown(String word) {
        List<Lemmatizer.Reading> readings = lemmatizer.readings(word);
        return readings.isEmpty() || readings.stream().anyMatch(r -> r.noun() && r.lemma().equals(word));
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
