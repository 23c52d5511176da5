package be.belfort.nlp;

import be.belfort.schema.EnrichedPost;
import be.belfort.schema.GeoPoint;
import be.belfort.schema.Post;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Turns a validated {@link Post} into an {@link EnrichedPost}: pseudonymised author, language,
 * tokens, lemmas, places and wijk. Classification ({@code matches}) is left empty for the classifier.
 *
 * <ul>
 *   <li>{@code tokens}: the norms of all tokens (hashtag norms have no {@code #}, mention norms keep
 *       their {@code @}).</li>
 *   <li>{@code lemmas}: distinct, in order of first mention, folded like the norms: the dictionary
 *       lemmas of each word (Snowball stem for unknown words) and the heads of compounds
 *       ({@link DutchWordForms#lemmas}); each hashtag's norm, and for a hashtag typed in one case its
 *       dictionary words and their lemmas ({@code #gentsefeesten → gentse, feesten, feest}). CamelCase
 *       hashtags are covered by the segment words the tokenizer adds after them.</li>
 *   <li>{@code places}: distinct gazetteer ids in order of first mention.</li>
 *   <li>{@code wijk}: the wijk of the first mentioned place that has one (ring roads have none), else
 *       the wijk nearest to the post's coordinates when they lie in Ghent, else null. What a post talks
 *       about beats where it was sent from.</li>
 * </ul>
 *
 * <p>Not thread-safe because {@link LanguageIdentifier} is not: one instance per Flink subtask,
 * created in {@code open()}.
 */
public final class Enricher {

    private final Pseudonymizer pseudonymizer;
    private final LanguageIdentifier languageIdentifier;
    private final SocialTokenizer tokenizer;
    private final Gazetteer gazetteer;
    private final DutchWordForms wordForms = new DutchWordForms();
    /** Word → its folded lemmas: the same words come back post after post, the look-ups do not change. */
    private final LruCache<String, String[]> foldedLemmas = new LruCache<>(Lemmatizer.DEFAULT_CACHE_SIZE);

    public Enricher(Pseudonymizer pseudonymizer, LanguageIdentifier languageIdentifier, SocialTokenizer tokenizer,
                    Gazetteer gazetteer) {
        this.pseudonymizer = Objects.requireNonNull(pseudonymizer, "pseudonymizer");
        this.languageIdentifier = Objects.requireNonNull(languageIdentifier, "languageIdentifier");
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.gazetteer = Objects.requireNonNull(gazetteer, "gazetteer");
    }

    /**
     * @param post a post that passed ingest validation (non-blank author and text)
     * @return the enriched post; the raw author handle does not appear in it
     * @throws IllegalArgumentException when the author handle is blank (never containing the handle)
     */
    public EnrichedPost enrich(Post post) {
        List<Token> tokens = tokenizer.tokenize(post.getText());
        List<String> norms = new ArrayList<>(tokens.size());
        Set<String> lemmas = new LinkedHashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            norms.add(t.norm());
            if (t.kind() == Token.Kind.WORD) {
                addLemmas(t, lemmas);
            } else if (t.kind() == Token.Kind.HASHTAG) {
                lemmas.add(t.norm());
                if (SocialTokenizer.hashtagSegmentCount(tokens, i) == 0) {
                    List<String> words = wordForms.hashtagWords(t.raw().substring(1).replace("_", ""));
                    if (words.size() > 1) {
                        for (String word : words) {
                            lemmas.add(SocialTokenizer.normalize(word));
                            Collections.addAll(lemmas, foldedLemmas(word));
                        }
                    }
                }
            }
        }
        Set<String> places = new LinkedHashSet<>();
        String wijk = null;
        for (PlaceMatch match : gazetteer.find(tokens)) {
            places.add(match.placeId());
            if (wijk == null) {
                wijk = match.wijk();
            }
        }
        GeoPoint geo = post.getGeo();
        if (wijk == null && geo != null) {
            wijk = gazetteer.nearestWijk(geo.getLat(), geo.getLon()).orElse(null);
        }
        return EnrichedPost.newBuilder()
                .setId(post.getId())
                .setPlatform(post.getPlatform())
                .setAuthor(pseudonymizer.pseudonym(post.getPlatform(), post.getAuthor()))
                .setText(post.getText())
                .setCreatedAt(post.getCreatedAt())
                .setLang(languageIdentifier.detectTokens(tokens, post.getLang()))
                .setGeo(geo)
                .setUrl(post.getUrl())
                .setReplyTo(post.getReplyTo())
                .setTokens(norms)
                .setLemmas(new ArrayList<>(lemmas))
                .setPlaces(new ArrayList<>(places))
                .setWijk(wijk)
                .setMatches(new ArrayList<>())
                .build();
    }

    /**
     * The dictionary needs diacritics, which norms fold away: look up the lower-cased raw word unless
     * normalisation changed more than accents (squeezed elongations, typographic apostrophes).
     */
    private void addLemmas(Token t, Set<String> lemmas) {
        String lower = t.raw().toLowerCase(Locale.ROOT);
        String word = lower.length() == t.norm().length() ? lower : t.norm();
        Collections.addAll(lemmas, foldedLemmas(word));
    }

    private String[] foldedLemmas(String word) {
        return foldedLemmas.get(word,
                w -> wordForms.lemmas(w).stream().map(SocialTokenizer::normalize).toArray(String[]::new));
    }
}
