package be.belfort.nlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LanguageIdentifierTest {

    private static LanguageIdentifier identifier;

    @BeforeAll
    static void loadModel() {
        identifier = LanguageIdentifier.load();
    }

    /** Short, realistic posts as they come in from Ghent: expected language, text. */
    private static final String[][] POSTS = {
            {"nld", "Het gaat goed"},
            {"nld", "Amai, wat een drukte op de Korenmarkt vandaag 😅"},
            {"nld", "Files op de R4 richting Zelzate, al een halfuur stilstaan"},
            {"nld", "Wie heeft mijn fiets gezien? Gestolen aan Gent-Sint-Pieters #fietsdiefstal"},
            {"nld", "Zoveel volk aan de Graslei, echt gezellig"},
            {"nld", "Allez, weeral werken aan de Dampoort 🙄"},
            {"nld", "Brand in de Sleepstraat, veel rook te zien"},
            {"nld", "Ge moet da echt eens proberen, superlekker"},
            {"nld", "Mooi weer vandaag in Gent ☀️"},
            {"nld", "Straat afgesloten door een ongeval"},
            {"nld", "Nie normaal hoeveel lawaai die buren maken"},
            {"nld", "Gisteren nog naar de Gentse Feesten geweest"},
            {"nld", "Tram 1 rijdt niet meer tot aan Flanders Expo"},
            {"nld", "Dank u wel aan de brandweer! 👏"},
            {"nld", "Waarom staat er hier al drie weken een hoop afval?"},
            {"nld", "Prachtige zonsondergang boven de Leie https://t.co/abc123"},
            {"eng", "Great night out in Ghent, the castle looks amazing"},
            {"eng", "Traffic jam on the E40 near Ghent again"},
            {"eng", "Does anyone know why the tram is not running today?"},
            {"eng", "Lovely walk along the Graslei this morning"},
            {"eng", "Just arrived in Ghent, what a beautiful city!"},
            {"eng", "The fireworks were awesome tonight #gentsefeesten"},
            {"eng", "Police everywhere near the station, what happened?"},
            {"eng", "Best fries in town, highly recommend"},
            {"eng", "Can't believe how crowded the Korenmarkt is right now"},
            {"eng", "Lost my wallet somewhere around Sint-Pieters station, please help"},
            {"eng", "I love this city so much ❤️"},
            {"eng", "Stuck in traffic for an hour, this is ridiculous"},
            {"fra", "Quelle belle ville, Gand est magnifique"},
            {"fra", "Il y a beaucoup de monde sur la Korenmarkt ce soir"},
            {"fra", "Embouteillage sur la E40 vers Bruxelles"},
            {"fra", "Je suis à Gand pour le week-end avec des amis"},
            {"fra", "Les Fêtes de Gand sont incroyables cette année"},
            {"fra", "Incendie dans une maison près de la gare"},
            {"fra", "On a mangé des gaufres délicieuses 😋"},
            {"fra", "Pas de tram aujourd'hui, c'est la grève"},
            {"fra", "Merci pour l'accueil, on reviendra"},
            {"fra", "Manifestation devant l'hôtel de ville ce matin"},
            {"fra", "Trop de monde au centre, impossible de circuler"},
    };

    @Test
    void realisticShortPostsAreMostlyRight() {
        List<String> wrong = new ArrayList<>();
        for (String[] post : POSTS) {
            String detected = identifier.detect(post[1], null);
            if (!detected.equals(post[0])) {
                wrong.add(post[1] + " -> " + detected + " (expected " + post[0] + ")");
            }
        }
        double accuracy = 1.0 - (double) wrong.size() / POSTS.length;
        assertTrue(accuracy >= 0.9, "accuracy " + accuracy + ", wrong: " + wrong);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "Het gaat goed|nld",
            "Mooi weer vandaag|nld",
            "'t Is hier zooooo druk op de Vrijdagmarkt|nld",
            "Ik zen ier were, amai|nld",
            "Wat een prachtige dag in Gent|nld",
            "The weather in Ghent is lovely today|eng",
            "C'est vraiment très beau ici|fra",
            "Das ist eine sehr schöne Stadt und ich bin gern hier|deu",
    })
    void specificCases(String text, String expected) {
        assertEquals(expected, identifier.detect(text, null));
    }

    @Test
    void validPlatformTagWins() {
        assertEquals("nld", identifier.detect("The weather is lovely", "nl"));
        assertEquals("nld", identifier.detect("whatever", "nl-BE"));
        assertEquals("fra", identifier.detect("Het gaat goed", "fr"));
        assertEquals("nld", identifier.detect("x", "nld"));
        assertEquals("nld", identifier.detect("x", "dut"));
        assertEquals("deu", identifier.detect("x", "DE"));
    }

    @Test
    void pseudoAndInvalidPlatformTagsAreIgnored() {
        assertEquals("nld", identifier.detect("Het gaat goed", "und"));
        assertEquals("nld", identifier.detect("Het gaat goed", "qme"));
        assertEquals("nld", identifier.detect("Het gaat goed", "zz"));
        assertEquals("nld", identifier.detect("Het gaat goed", ""));
        assertNull(LanguageIdentifier.fromPlatformTag("zxx"));
        assertEquals("eng", LanguageIdentifier.fromPlatformTag("en_GB"));
    }

    @Test
    void anAfrikaansPlatformTagOnFlemishTextIsDutch() {
        String flemish = "Tis nen schande, mijne katalysator werd midden in de nacht onder mijn auto uitgezaagd";
        assertEquals("nld", identifier.detect(flemish, "af"));
        assertEquals("nld", identifier.detectTokens(new SocialTokenizer().tokenize(flemish), "af-ZA"));
        assertEquals("afr", identifier.detect("🔥", "af"), "without Dutch text the tag stands");
        assertEquals("afr", identifier.detect("The weather in Ghent is lovely today and the people are kind", "af"),
                "only a Dutch reading overrides the tag");
    }

    @Test
    void nothingToGoOnIsUndetermined() {
        assertEquals("und", identifier.detect("", null));
        assertEquals("und", identifier.detect(null, null));
        assertEquals("und", identifier.detect("👍🏽🔥", null));
        assertEquals("und", identifier.detect("https://t.co/xyz @stadgent 2026", null));
        assertEquals("und", identifier.detect("Ok", null));
        assertEquals("fra", identifier.detect("🔥", "fr"), "a platform tag still applies to empty text");
    }

    @Test
    void urlsMentionsAndHashtagSignsDoNotDecide() {
        // English-looking noise around a Dutch sentence.
        assertEquals("nld", identifier.detect(
                "@TheGhentTimes @visitgent het is hier echt niet normaal https://www.the-news.com/the/and/of", null));
    }
}
