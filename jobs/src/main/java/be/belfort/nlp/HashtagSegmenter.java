package be.belfort.nlp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Splits a lower-case hashtag body into dictionary words: {@code gentsefeesten → gentse feesten},
 * {@code verkeersinfo → verkeer info}, {@code sluikstort → sluikstort}. CamelCase and underscores
 * are already split by {@link SocialTokenizer}; this handles tags typed in one case.
 *
 * <p>A known compound noun gives its {@link CompoundSplitter} parts. Otherwise a dynamic-programming
 * word break picks the segmentation with the fewest segments, ties going to the one with the longest
 * words (largest sum of squared lengths), so {@code ikbenboos} is "ik ben boos" and not "ik be nb oos".
 * A segment other than the last may carry a linking {@code -s-}, which is dropped
 * ({@code verkeersinfo → verkeer info}). A tag that cannot be covered by words is returned whole.
 *
 * <p>Not thread-safe: shares the {@link Lemmatizer}'s memo.
 */
public final class HashtagSegmenter {

    /** Longer bodies are sentences or junk; the quadratic word break is not worth it. */
    static final int MAX_LENGTH = 40;
    private static final int MIN_SEGMENT = 2;

    private final Lemmatizer lemmatizer;
    private final CompoundSplitter splitter;
    private final LruCache<String, List<String>> memo;

    public HashtagSegmenter(Lemmatizer lemmatizer, CompoundSplitter splitter) {
        this.lemmatizer = lemmatizer;
        this.splitter = splitter;
        this.memo = new LruCache<>(Lemmatizer.DEFAULT_CACHE_SIZE / 10);
    }

    /**
     * @param body a hashtag without {@code #}, any case
     * @return its words in order, lower case; the body alone when it is one word or cannot be split
     */
    public List<String> segment(String body) {
        return memo.get(body.toLowerCase(Locale.ROOT), b -> List.copyOf(compute(b)));
    }

    private List<String> compute(String body) {
        if (body.length() > MAX_LENGTH || lemmatizer.isWord(body)) {
            Optional<CompoundSplitter.Split> split = splitter.split(body);
            return split.map(s -> List.of(s.modifier(), s.head())).orElse(List.of(body));
        }
        int n = body.length();
        // best[i]: the best segmentation of body[0, i); segments, squared lengths and the last cut
        int[] segments = new int[n + 1];
        int[] score = new int[n + 1];
        int[] cut = new int[n + 1];
        String[] word = new String[n + 1];
        Arrays.fill(segments, Integer.MAX_VALUE);
        segments[0] = 0;
        for (int end = MIN_SEGMENT; end <= n; end++) {
            for (int start = 0; start <= end - MIN_SEGMENT; start++) {
                if (segments[start] == Integer.MAX_VALUE) {
                    continue;
                }
                String w = segmentWord(body.substring(start, end), end == n);
                if (w == null) {
                    continue;
                }
                int len = end - start;
                int s = segments[start] + 1;
                int sc = score[start] + len * len;
                if (s < segments[end] || (s == segments[end] && sc > score[end])) {
                    segments[end] = s;
                    score[end] = sc;
                    cut[end] = start;
                    word[end] = w;
                }
            }
        }
        if (segments[n] == Integer.MAX_VALUE) {
            return List.of(body);
        }
        List<String> out = new ArrayList<>(segments[n]);
        for (int end = n; end > 0; end = cut[end]) {
            out.add(word[end]);
        }
        Collections.reverse(out);
        return out;
    }

    /** The word a piece stands for, or null: a known word, or (not last) a known word plus linking s. */
    private String segmentWord(String piece, boolean last) {
        if (lemmatizer.isWord(piece)) {
            return piece;
        }
        if (!last && piece.length() > MIN_SEGMENT + 1 && piece.endsWith("s")) {
            String base = piece.substring(0, piece.length() - 1);
            if (lemmatizer.isWord(base)) {
                return base;
            }
        }
        return null;
    }
}
