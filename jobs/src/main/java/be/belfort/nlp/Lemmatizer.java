package be.belfort.nlp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import morfologik.stemming.Dictionary;
import morfologik.stemming.DictionaryLookup;
import morfologik.stemming.WordData;
import org.tartarus.snowball.ext.DutchStemmer;

/**
 * Dutch lemmas from LanguageTool's morphological dictionary ({@code org.languagetool:dutch-pos-dict},
 * a Morfologik FSA of about 600k word forms with lemma and part-of-speech tag, CC-BY 3.0 or BSD).
 *
 * <p>{@code vechtpartijen → vechtpartij}, {@code gedumpt → dumpen}, {@code aangereden → aanrijden},
 * {@code geëvacueerd → evacueren}. Words are looked up in lower case, then capitalised, because the
 * dictionary spells proper adjectives with a capital ({@code Gentse}). Diacritics matter to the
 * dictionary: look up the lower-cased word, not its folded norm.
 *
 * <p>Agent nouns in {@code -er} also give the verb stem they derive from when that stem is a
 * first-person verb form ({@code sluikstorter → sluikstort, sluikstorten}), so a search for the act
 * finds the people doing it. The Dutch Snowball stemmer is only a fallback for words the dictionary
 * does not know ({@link #stem}); on its own it mangles ({@code café → caf}).
 *
 * <p>Not thread-safe (Morfologik's lookup reuses buffers, the memo is a plain LRU map): one instance per
 * thread. The dictionary itself is read once per JVM and shared.
 */
public final class Lemmatizer {

    private static final String DICTIONARY = "/org/languagetool/resource/nl/dutch.dict";
    /** Distinct words a busy hour of posts uses fit easily; bounded so a flood of junk cannot grow it. */
    static final int DEFAULT_CACHE_SIZE = 50_000;
    private static final String NOUN = "ZNW";
    private static final String FIRST_PERSON_PRESENT = "WKW:TGW:1EP";
    /** Personal and possessive pronouns (haar, hem, ons): function words, not their homographs. */
    private static final String PERSONAL_PRONOUN = "VNW:PER";
    private static final int MIN_AGENT_NOUN = 6;
    private static final int MIN_STEMMED = 4;
    private static final String[] FLEMISH_DIMINUTIVES = {"eken", "eke", "ken", "ke"};

    private static volatile Dictionary shared;

    private final DictionaryLookup lookup;
    private final DutchStemmer stemmer = new DutchStemmer();
    private final LruCache<String, List<Reading>> memo;

    /**
     * One reading of a word form.
     *
     * @param lemma the base form, lower case (not folded)
     * @param tag   the dictionary's part-of-speech tag, e.g. {@code ZNW:MRV:DE_} (noun, plural) or
     *              {@code WKW:VTD:ONV} (verb, past participle)
     */
    public record Reading(String lemma, String tag) {
        /** Whether this reading is a noun. */
        public boolean noun() {
            return tag.startsWith(NOUN);
        }
    }

    /** A lemmatizer with the default memo size. */
    public Lemmatizer() {
        this(DEFAULT_CACHE_SIZE);
    }

    /** @param cacheSize how many distinct words to remember (least recently used ones are forgotten) */
    public Lemmatizer(int cacheSize) {
        this.lookup = new DictionaryLookup(dictionary());
        this.memo = new LruCache<>(cacheSize);
    }

    private static Dictionary dictionary() {
        Dictionary d = shared;
        if (d == null) {
            synchronized (Lemmatizer.class) {
                d = shared;
                if (d == null) {
                    URL url = Lemmatizer.class.getResource(DICTIONARY);
                    if (url == null) {
                        throw new UncheckedIOException(new IOException(
                                "Dutch dictionary " + DICTIONARY + " not on the classpath (org.languagetool:dutch-pos-dict)"));
                    }
                    try {
                        d = Dictionary.read(url);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read Dutch dictionary " + DICTIONARY, e);
                    }
                    shared = d;
                }
            }
        }
        return d;
    }

    /**
     * All dictionary readings of a word.
     *
     * @param word a lower-case word
     * @return its readings (distinct), empty when the dictionary does not know the word
     */
    public List<Reading> readings(String word) {
        return memo.get(word, w -> {
            List<Reading> found = lookUp(w);
            if (found.isEmpty() && !w.isEmpty() && Character.isLowerCase(w.charAt(0))) {
                found = lookUp(Character.toUpperCase(w.charAt(0)) + w.substring(1));
            }
            return found;
        });
    }

    private List<Reading> lookUp(String word) {
        List<WordData> found = lookup.lookup(word);
        if (found.isEmpty()) {
            return List.of();
        }
        List<Reading> readings = new ArrayList<>(found.size());
        for (WordData data : found) {
            // WordData objects are reused by the next lookup: copy now.
            Reading r = new Reading(data.getStem().toString().toLowerCase(Locale.ROOT), String.valueOf(data.getTag()));
            if (!readings.contains(r)) {
                readings.add(r);
            }
        }
        return List.copyOf(readings);
    }

    /** Whether the dictionary knows this lower-case word form. */
    public boolean isWord(String word) {
        return !readings(word).isEmpty();
    }

    /**
     * The distinct lemmas of a word, plus the verb an agent noun derives from.
     *
     * @param word a lower-case word
     * @return lemmas in dictionary order; empty when the word is unknown
     */
    public List<String> lemmas(String word) {
        List<Reading> readings = readings(word);
        if (readings.isEmpty()) {
            return flemishDiminutive(word);
        }
        boolean pronoun = readings.stream().anyMatch(r -> r.tag().startsWith(PERSONAL_PRONOUN));
        List<String> lemmas = new ArrayList<>(readings.size() + 2);
        for (Reading r : readings) {
            if (pronoun && !r.tag().startsWith(PERSONAL_PRONOUN) && !r.lemma().equals(word)) {
                // "haar" is "her" far more often than "ik haar" (haren, to hair): a pronoun's
                // homographs would let "aan de haren" or "ons" (ounce) match every her and us.
                continue;
            }
            addDistinct(lemmas, r.lemma());
            if (r.noun()) {
                agentNounBase(r.lemma(), lemmas);
            }
        }
        return lemmas;
    }

    /**
     * Flemish diminutives in {@code -ke(n)} are missing from the (Netherlandic) dictionary:
     * {@code caféke → café}, {@code manneken → man}, {@code kindeke → kind}.
     */
    private List<String> flemishDiminutive(String word) {
        for (String suffix : FLEMISH_DIMINUTIVES) {
            if (word.length() >= suffix.length() + MIN_STEMMED - 1 && word.endsWith(suffix)) {
                String base = word.substring(0, word.length() - suffix.length());
                if (endsInDoubleConsonant(base) && !isNoun(base)) {
                    base = base.substring(0, base.length() - 1);
                }
                if (isNoun(base)) {
                    return List.of(base);
                }
            }
        }
        return List.of();
    }

    private boolean isNoun(String word) {
        return readings(word).stream().anyMatch(Reading::noun);
    }

    /**
     * {@code sluikstorter → sluikstort, sluikstorten}; {@code roller → rol, rollen}. Only when the
     * stem is a first-person verb form, which keeps {@code water}, {@code kater} and {@code winter} whole.
     */
    private void agentNounBase(String lemma, List<String> out) {
        if (lemma.length() < MIN_AGENT_NOUN || !lemma.endsWith("er")) {
            return;
        }
        String base = lemma.substring(0, lemma.length() - 2);
        if (!addVerbStem(base, out) && endsInDoubleConsonant(base)) {
            addVerbStem(base.substring(0, base.length() - 1), out);
        }
    }

    private boolean addVerbStem(String stem, List<String> out) {
        for (Reading r : readings(stem)) {
            if (r.tag().startsWith(FIRST_PERSON_PRESENT)) {
                addDistinct(out, stem);
                addDistinct(out, r.lemma());
                return true;
            }
        }
        return false;
    }

    private static boolean endsInDoubleConsonant(String s) {
        int n = s.length();
        return n >= 2 && s.charAt(n - 1) == s.charAt(n - 2) && "aeiouy".indexOf(s.charAt(n - 1)) < 0;
    }

    /** Whether {@code word} is one of its own lemmas: a base form such as {@code brand} or {@code dumpen}. */
    public boolean isLemma(String word) {
        for (Reading r : readings(word)) {
            if (r.lemma().equals(word)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Snowball stem of a word the dictionary does not know; the fallback only. Words with digits or
     * other non-letters, and stems shorter than {@value #MIN_STEMMED} letters, are returned unchanged.
     */
    public String stem(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (!Character.isLetter(word.charAt(i))) {
                return word;
            }
        }
        stemmer.setCurrent(word);
        stemmer.stem();
        String stem = stemmer.getCurrent();
        return stem.length() < MIN_STEMMED ? word : stem;
    }

    /**
     * An evenly spaced sample of the dictionary's noun and verb lemmas (lower case, letters only,
     * 4 to 14 letters): a deterministic Dutch vocabulary, e.g. for generating test searches.
     *
     * @param size how many words at most
     */
    public static List<String> vocabulary(int size) {
        List<String> all = new ArrayList<>();
        for (WordData data : new DictionaryLookup(dictionary())) {
            String tag = String.valueOf(data.getTag());
            String lemma = data.getStem().toString();
            if ((tag.startsWith(NOUN) || tag.startsWith("WKW:TGW:INF")) && lemma.equals(data.getWord().toString())
                    && lemma.length() >= 4 && lemma.length() <= 14 && lemma.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
                all.add(lemma);
            }
        }
        List<String> distinct = new ArrayList<>(new java.util.LinkedHashSet<>(all));
        int step = Math.max(1, distinct.size() / Math.max(1, size));
        List<String> sample = new ArrayList<>(size);
        for (int i = 0; i < distinct.size() && sample.size() < size; i += step) {
            sample.add(distinct.get(i));
        }
        return sample;
    }

    static void addDistinct(List<String> list, String value) {
        if (!list.contains(value)) {
            list.add(value);
        }
    }
}
