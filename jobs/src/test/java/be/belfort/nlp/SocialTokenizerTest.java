package be.belfort.nlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class SocialTokenizerTest {

    private final SocialTokenizer tokenizer = new SocialTokenizer();

    private List<String> kindsAndNorms(String text) {
        return tokenizer.tokenize(text).stream().map(t -> t.kind() + ":" + t.norm()).toList();
    }

    @Test
    void urlsKeepPathButNotTrailingPunctuation() {
        List<Token> tokens = tokenizer.tokenize("Info: https://Stad.Gent/nl/mobiliteit?x=1. Of www.gent.be, (zie https://en.wikipedia.org/wiki/Ghent_(city))");
        assertEquals(List.of(
                new Token(Token.Kind.WORD, "Info", "info"),
                new Token(Token.Kind.URL, "https://Stad.Gent/nl/mobiliteit?x=1", "https://stad.gent/nl/mobiliteit?x=1"),
                new Token(Token.Kind.WORD, "Of", "of"),
                new Token(Token.Kind.URL, "www.gent.be", "www.gent.be"),
                new Token(Token.Kind.WORD, "zie", "zie"),
                new Token(Token.Kind.URL, "https://en.wikipedia.org/wiki/Ghent_(city)", "https://en.wikipedia.org/wiki/ghent_(city)")),
                tokens);
    }

    @Test
    void mentionsButNotEmailAddresses() {
        assertEquals(List.of("MENTION:@stadgent", "WORD:bedankt", "MENTION:@jan@mastodon.social"),
                kindsAndNorms("@StadGent bedankt! @jan@mastodon.social."));
        assertEquals(List.of("WORD:mail", "WORD:info", "WORD:stad", "WORD:gent"),
                kindsAndNorms("mail info@stad.gent"));
    }

    @Test
    void hashtagsLoseTheirSignAndCamelCaseAddsSegmentWords() {
        List<Token> tokens = tokenizer.tokenize("#GentseFeesten #korenmarkt #Gentse_Feesten #1");
        assertEquals(List.of(
                new Token(Token.Kind.HASHTAG, "#GentseFeesten", "gentsefeesten"),
                new Token(Token.Kind.WORD, "Gentse", "gentse"),
                new Token(Token.Kind.WORD, "Feesten", "feesten"),
                new Token(Token.Kind.HASHTAG, "#korenmarkt", "korenmarkt"),
                new Token(Token.Kind.HASHTAG, "#Gentse_Feesten", "gentsefeesten"),
                new Token(Token.Kind.WORD, "Gentse", "gentse"),
                new Token(Token.Kind.WORD, "Feesten", "feesten"),
                new Token(Token.Kind.NUMBER, "1", "1")),
                tokens);
        assertEquals(2, SocialTokenizer.hashtagSegmentCount(tokens, 0));
        assertEquals(0, SocialTokenizer.hashtagSegmentCount(tokens, 3));
        assertEquals(2, SocialTokenizer.hashtagSegmentCount(tokens, 4));
        assertEquals(0, SocialTokenizer.hashtagSegmentCount(tokens, 1));
        assertEquals(List.of("HASHTAG:uzgent", "WORD:uz", "WORD:gent"), kindsAndNorms("#UZGent"));
    }

    @Test
    void emojiSequencesAreSingleTokens() {
        List<Token> tokens = tokenizer.tokenize("Top👍🏽! 👨‍👩‍👧 ❤️ 🇧🇪🔥🔥 1️⃣");
        assertEquals(List.of(
                new Token(Token.Kind.WORD, "Top", "top"),
                new Token(Token.Kind.EMOJI, "👍🏽", "👍"),
                new Token(Token.Kind.EMOJI, "👨‍👩‍👧", "👨‍👩‍👧"),
                new Token(Token.Kind.EMOJI, "❤️", "❤"),
                new Token(Token.Kind.EMOJI, "🇧🇪", "🇧🇪"),
                new Token(Token.Kind.EMOJI, "🔥", "🔥"),
                new Token(Token.Kind.EMOJI, "🔥", "🔥"),
                new Token(Token.Kind.EMOJI, "1️⃣", "1⃣")),
                tokens);
    }

    @Test
    void elongationsAreSqueezedButDoubleLettersKept() {
        assertEquals(List.of("WORD:zo", "WORD:moi", "WORD:ja", "WORD:goed", "WORD:zee"),
                kindsAndNorms("zooooo MOOOOOI jaaaa goed zee"));
        assertEquals(List.of("HASHTAG:gentsefesten"), kindsAndNorms("#gentsefeeeesten"));
    }

    @Test
    void diacriticsAreFolded() {
        assertEquals(List.of("WORD:geevacueerd", "WORD:cafe", "WORD:francois", "WORD:fetes", "WORD:ruckkehr"),
                kindsAndNorms("Geëvacueerd café François Fêtes Rückkehr"));
    }

    @Test
    void apostrophesAndHyphensStayInsideWords() {
        assertEquals(List.of("WORD:'t", "WORD:is", "WORD:zo'n", "WORD:dag", "WORD:auto's", "WORD:'s", "WORD:avonds"),
                kindsAndNorms("’t Is zo'n dag, auto's 's avonds"));
        assertEquals(List.of("WORD:sint-baafsplein", "WORD:aujourd'hui"), kindsAndNorms("Sint-Baafsplein - aujourd’hui"));
        assertEquals(List.of("WORD:zeg", "WORD:quote"), kindsAndNorms("zeg 'quote'"));
    }

    @Test
    void frenchElisionsAreDroppedButDutchContractionsStay() {
        assertEquals(List.of("WORD:overpoort", "WORD:eglise", "WORD:artifice", "WORD:il", "WORD:a", "WORD:hotel"),
                kindsAndNorms("l'Overpoort, L’église, d'artifice, qu'il, jusqu'à l'hôtel"));
        assertEquals(List.of("WORD:m'n", "WORD:fiets", "WORD:z'n", "WORD:d'r", "WORD:uit", "WORD:o'brien"),
                kindsAndNorms("m'n fiets, z'n ... d'r uit O'Brien"));
    }

    @Test
    void numbersAndAlphanumerics() {
        assertEquals(List.of("NUMBER:21:15", "NUMBER:1.000,50", "WORD:3de", "WORD:r40", "NUMBER:20/07/2026", "WORD:e40-verkeer"),
                kindsAndNorms("21:15 1.000,50 3de R40 20/07/2026 E40-verkeer."));
    }

    @Test
    void degenerateInput() {
        assertTrue(tokenizer.tokenize(null).isEmpty());
        assertTrue(tokenizer.tokenize("").isEmpty());
        assertTrue(tokenizer.tokenize(" ... !!! ° ").isEmpty());
        assertEquals(List.of("WORD:a"), kindsAndNorms("a\uD800")); // lone surrogate is skipped, not a crash
    }

    @Test
    void arbitraryInputNeverThrowsAndTokensComeFromTheText() {
        String pool = "aZé9#@'’-_.:/ \u200D\uFE0F\u20E3\uD83D\uDC4D\uD83C\uDFFD\uD800wwwhttps";
        Random random = new Random(42);
        for (int i = 0; i < 5_000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = random.nextInt(30); k > 0; k--) {
                sb.append(pool.charAt(random.nextInt(pool.length())));
            }
            String text = sb.toString();
            for (Token t : tokenizer.tokenize(text)) {
                assertTrue(!t.raw().isEmpty() && text.contains(t.raw()), () -> t + " not in " + text);
            }
        }
    }
}
