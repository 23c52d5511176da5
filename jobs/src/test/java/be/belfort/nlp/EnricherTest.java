package be.belfort.nlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.schema.EnrichedPost;
import be.belfort.schema.GeoPoint;
import be.belfort.schema.Platform;
import be.belfort.schema.Post;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EnricherTest {

    private static final byte[] KEY = "enricher-test-key-0123456789".getBytes(StandardCharsets.UTF_8);
    private static Enricher enricher;
    private static Pseudonymizer pseudonymizer;

    @BeforeAll
    static void setUp() {
        pseudonymizer = new Pseudonymizer(KEY);
        enricher = new Enricher(pseudonymizer, LanguageIdentifier.load(), new SocialTokenizer(),
                Gazetteer.load(GazetteerTest.rulesDir().resolve("places")));
    }

    private static Post post(String author, String text, String lang, GeoPoint geo) {
        return Post.newBuilder()
                .setId("tw-1")
                .setPlatform(Platform.twitter)
                .setAuthor(author)
                .setText(text)
                .setCreatedAt(Instant.parse("2026-07-20T21:15:00Z"))
                .setLang(lang)
                .setGeo(geo)
                .setUrl("https://x.com/i/status/1")
                .setReplyTo(null)
                .build();
    }

    @Test
    void enrichesEveryField() {
        Post in = post("@JanPeeters", "Amai, zooooo druk op de Korenmarkt en aan Sint-Pieters station 🎉 #GentseFeesten @StadGent",
                null, new GeoPoint(51.03, 3.76));
        EnrichedPost out = enricher.enrich(in);

        assertEquals("tw-1", out.getId());
        assertEquals(Platform.twitter, out.getPlatform());
        assertEquals(pseudonymizer.pseudonym(Platform.twitter, "janpeeters"), out.getAuthor());
        assertEquals(in.getText(), out.getText());
        assertEquals(Instant.parse("2026-07-20T21:15:00Z"), out.getCreatedAt());
        assertEquals("nld", out.getLang());
        assertSame(in.getGeo(), out.getGeo());
        assertEquals("https://x.com/i/status/1", out.getUrl());
        assertNull(out.getReplyTo());
        assertEquals(List.of("amai", "zo", "druk", "op", "de", "korenmarkt", "en", "aan", "sint-pieters", "station", "🎉",
                "gentsefeesten", "gentse", "feesten", "@stadgent"), out.getTokens());
        // Dictionary lemmas (druk: verb and adjective), compound heads (korenmarkt → markt), segment lemmas.
        assertEquals(List.of("amai", "zo", "drukken", "druk", "op", "de", "korenmarkt", "markt", "en", "aan",
                "sint-pieters", "station", "gentsefeesten", "gentse", "gents", "feesten", "feest"), out.getLemmas());
        assertEquals(List.of("korenmarkt", "gent-sint-pieters"), out.getPlaces());
        assertEquals("binnenstad", out.getWijk(), "the first place decides, not the coordinates");
        assertTrue(out.getMatches().isEmpty());
    }

    @Test
    void lemmasCoverInflectionsCompoundHeadsAndOneCaseHashtags() {
        EnrichedPost out = enricher.enrich(post("a",
                "Vechtpartijen en een verkeersongeval, bewoners geëvacueerd #sluikstort #verkeersinfo", "nl", null));
        List<String> lemmas = out.getLemmas();
        for (String expected : List.of("vechtpartij", "verkeersongeval", "ongeval", "evacueren", "sluikstort",
                "verkeersinfo", "verkeer", "info")) {
            assertTrue(lemmas.contains(expected), expected + " in " + lemmas);
        }
        assertFalse(enricher.enrich(post("a", "Brandnieuw terras, geweldig concert", "nl", null)).getLemmas()
                .stream().anyMatch(l -> l.equals("brand") || l.equals("geweld")));
    }

    @Test
    void rawHandleNeverInOutput() {
        EnrichedPost out = enricher.enrich(post("JanPeeters", "Mooi weer vandaag in Gent", "nl", null));
        assertFalse(out.toString().toLowerCase().contains("janpeeters"), out.toString());
    }

    @Test
    void platformTagKept() {
        assertEquals("fra", enricher.enrich(post("a", "Het gaat goed", "fr", null)).getLang());
    }

    @Test
    void wijkFromGeoWhenNoPlaceIsNamed() {
        EnrichedPost out = enricher.enrich(post("a", "Wat een lawaai hier", null, new GeoPoint(51.0960, 3.7720)));
        assertEquals(List.of(), out.getPlaces());
        assertEquals("oostakker", out.getWijk());
    }

    @Test
    void cityWidePlaceDoesNotHideALaterWijk() {
        EnrichedPost out = enricher.enrich(post("a", "Ongeval op de R4 ter hoogte van Oostakker", null, null));
        assertEquals(List.of("r4", "oostakker"), out.getPlaces());
        assertEquals("oostakker", out.getWijk());
    }

    @Test
    void noPlaceAndNoOrForeignGeoMeansNoWijk() {
        assertNull(enricher.enrich(post("a", "Wat een dag", null, null)).getWijk());
        assertNull(enricher.enrich(post("a", "Wat een dag", null, new GeoPoint(50.8467, 4.3525))).getWijk());
    }
}
