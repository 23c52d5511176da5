package be.belfort.nlp;

import be.belfort.schema.EnrichedPost;
import be.belfort.schema.GeoPoint;
import be.belfort.schema.Post;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Turns a validated {@link Post} into an {@link EnrichedPost}: pseudonymised author, language,
 * tokens, lemmas, places and wijk. Classification ({@code matches}) is left empty for the classifier.
 *
 * <ul>
 *   <li>{@code tokens}: the norms of all tokens (hashtag norms have no {@code #}, mention norms keep
 *       their {@code @}).</li>
 *   <li>{@code lemmas}: for now the norms of WORD and HASHTAG tokens; real lemmatisation comes later.</li>
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
        List<String> lemmas = new ArrayList<>(tokens.size());
        for (Token t : tokens) {
            norms.add(t.norm());
            if (t.kind() == Token.Kind.WORD || t.kind() == Token.Kind.HASHTAG) {
                lemmas.add(t.norm());
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
                .setLemmas(lemmas)
                .setPlaces(new ArrayList<>(places))
                .setWijk(wijk)
                .setMatches(new ArrayList<>())
                .build();
    }
}
