package be.belfort.nlp;

import java.util.ArrayList;
import java.util.List;

/**
 * The related forms of one Dutch word, for the enricher's lemmas and for the two sides of the
 * saved-search analysis chain. Words are lower case (not folded: the dictionary needs the
 * diacritics); results are lower case too.
 *
 * <p>Documents get the lemmas of the word plus the head of a compound with its lemmas
 * ({@link #documentForms}); queries only widen an inflected noun to its lemma ({@link #queryForms}).
 * So a query term matches a post word when they are the same word, when the query term is a lemma
 * of the post word, or when it is the head of the post word:
 * {@code ongeval ← verkeersongeval}, {@code vechtpartij ← vechtpartijen}, {@code dumpen ← gedumpt},
 * {@code sluikstort ← sluikstorters}. Verb forms in a query stay literal on purpose: a search for
 * {@code geschept} (Flemish for "hit by a car") must not find every {@code schept}, nor
 * {@code vermist} every "ik ga je vermissen".
 *
 * <p>Words the dictionary does not know and that are not compounds get a Snowball stem marked with
 * {@value #STEM_MARK} on both sides: unknown words can then match each other's inflections, while a
 * stem can never pose as a real word ({@code geweldigg} stems to {@code geweld}).
 *
 * <p>Not thread-safe; results are memoised per instance (bounded).
 */
public final class DutchWordForms {

    /** Prefix of Snowball stems in the index; no query parser term can start with it. */
    public static final String STEM_MARK = "~";
    /** Shorter words are function words or abbreviations: looking them up is wasted work. */
    static final int MIN_LENGTH = 3;
    private static final String[] NONE = new String[0];

    private final Lemmatizer lemmatizer;
    private final CompoundSplitter splitter;
    private final HashtagSegmenter segmenter;
    private final LruCache<String, String[]> documentMemo = new LruCache<>(Lemmatizer.DEFAULT_CACHE_SIZE);
    private final LruCache<String, String[]> queryMemo = new LruCache<>(Lemmatizer.DEFAULT_CACHE_SIZE / 10);

    public DutchWordForms() {
        this.lemmatizer = new Lemmatizer();
        this.splitter = new CompoundSplitter(lemmatizer);
        this.segmenter = new HashtagSegmenter(lemmatizer, splitter);
    }

    /**
     * The lemmas of a word for {@code EnrichedPost.lemmas}: its dictionary lemmas, or its Snowball
     * stem when the dictionary does not know it, followed by the compound head and the head's lemmas.
     */
    public List<String> lemmas(String word) {
        List<String> out = new ArrayList<>(4);
        if (!analysable(word)) {
            out.add(word);
            return out;
        }
        List<String> lemmas = lemmatizer.lemmas(word);
        List<String> heads = splitter.heads(word);
        if (lemmas.isEmpty()) {
            out.add(heads.isEmpty() ? lemmatizer.stem(word) : word);
        } else {
            out.addAll(lemmas);
        }
        heads.forEach(h -> Lemmatizer.addDistinct(out, h));
        return out;
    }

    /** The dictionary words a hashtag body is made of; see {@link HashtagSegmenter}. */
    public List<String> hashtagWords(String body) {
        return segmenter.segment(body);
    }

    /** Extra index terms for a post word (never the word itself): lemmas, compound head and its lemmas. */
    public String[] documentForms(String word) {
        return analysable(word) ? documentMemo.get(word, this::computeDocumentForms) : NONE;
    }

    private String[] computeDocumentForms(String word) {
        List<String> forms = new ArrayList<>(lemmatizer.lemmas(word));
        splitter.heads(word).forEach(h -> Lemmatizer.addDistinct(forms, h));
        if (forms.isEmpty()) {
            forms.add(STEM_MARK + lemmatizer.stem(word));
        }
        forms.remove(word);
        return forms.toArray(NONE);
    }

    /**
     * Extra terms for a query word (never the word itself): the lemma of an inflected noun
     * ({@code vechtpartijen → vechtpartij}), or the marked stem of a word the dictionary does not know.
     */
    public String[] queryForms(String word) {
        return analysable(word) ? queryMemo.get(word, this::computeQueryForms) : NONE;
    }

    private String[] computeQueryForms(String word) {
        List<Lemmatizer.Reading> readings = lemmatizer.readings(word);
        if (readings.isEmpty()) {
            List<String> lemmas = lemmatizer.lemmas(word);
            if (!lemmas.isEmpty()) {
                return lemmas.toArray(NONE);
            }
            return splitter.split(word).isPresent() ? NONE : new String[] {STEM_MARK + lemmatizer.stem(word)};
        }
        if (lemmatizer.isLemma(word)) {
            return NONE;
        }
        List<String> forms = new ArrayList<>(2);
        readings.stream().filter(Lemmatizer.Reading::noun).forEach(r -> Lemmatizer.addDistinct(forms, r.lemma()));
        return forms.toArray(NONE);
    }

    /** Words of letters only, long enough to be worth a look-up. */
    private static boolean analysable(String word) {
        if (word.length() < MIN_LENGTH) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (!Character.isLetter(word.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
