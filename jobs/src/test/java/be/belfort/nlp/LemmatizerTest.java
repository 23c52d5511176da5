package be.belfort.nlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LemmatizerTest {

    private final Lemmatizer lemmatizer = new Lemmatizer();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "vechtpartijen, vechtpartij",
        "gedumpt, dumpen",
        "aangereden, aanrijden",
        "geëvacueerd, evacueren",
        "gestolen, stelen",
        "neergestoken, neersteken",
        "omvergereden, omverrijden",
        "geschept, scheppen",
        "ingebroken, inbreken",
        "inbrekers, inbreker",
        "gevochten, vechten",
        "gepikt, pikken",
        "gejat, jatten",
        "gauwdieven, gauwdief",
        "vuilniszakken, vuilniszak",
        "matrassen, matras",
        "opgepakt, oppakken",
        "gearresteerd, arresteren",
        "agenten, agent",
        "ziekenwagens, ziekenwagen",
        "ambulances, ambulance",
        "fietsers, fietser",
        "trams, tram",
        "straten, straat",
        "pleinen, plein",
        "feestjes, feest",
        "betogers, betoger",
        "klimaatbetogers, klimaatbetoger",
        "manifestanten, manifestant",
        "messteken, messteek",
        "woningbranden, woningbrand",
        "verkeersongevallen, verkeersongeval",
        "zakkenrollers, zakkenroller",
        "vermiste, vermissen",
        "zatte, zat",
        "gentse, gentse",
        // Flemish diminutive the dictionary lacks
        "caféke, café",
    })
    void lemmatisesInflectedFlemishForms(String word, String lemma) {
        List<String> lemmas = lemmatizer.lemmas(word);
        assertTrue(lemmas.contains(lemma), word + " -> " + lemmas);
    }

    @Test
    void agentNounsAlsoGiveTheVerbStemTheyComeFrom() {
        assertEquals(List.of("sluikstorter", "sluikstort", "sluikstorten"), lemmatizer.lemmas("sluikstorters"));
        // Not a verb stem: these stay whole.
        assertEquals(List.of("kater"), lemmatizer.lemmas("kater"));
        assertFalse(lemmatizer.lemmas("water").contains("wat"));
        assertFalse(lemmatizer.lemmas("winter").contains("wint"));
    }

    @Test
    void aPronounDoesNotStandForItsHomographs() {
        assertEquals(List.of("haar", "zij"), lemmatizer.lemmas("haar"), "her, not the verb haren (to hair)");
        assertEquals(List.of("hij"), lemmatizer.lemmas("hem"));
        assertTrue(lemmatizer.lemmas("haren").contains("haar"), "the plural noun still finds its lemma");
    }

    @Test
    void baseFormsAndUnknownWords() {
        assertTrue(lemmatizer.isLemma("brand"));
        assertTrue(lemmatizer.isLemma("dumpen"));
        assertFalse(lemmatizer.isLemma("gedumpt"));
        assertEquals(List.of(), lemmatizer.lemmas("xyzzyq"));
        assertEquals(List.of("geweldig"), lemmatizer.lemmas("geweldig"), "an adjective, not geweld");
    }

    @Test
    void snowballIsTheFallbackOnlyAndLeavesNonWordsAlone() {
        assertEquals("ns_online", lemmatizer.stem("ns_online"));
        assertEquals("r40", lemmatizer.stem("r40"));
        assertEquals("caf", new Lemmatizer().stem("café").substring(0, 3), "why the dictionary goes first");
        assertEquals(List.of("café"), lemmatizer.lemmas("café"));
    }

    @Test
    void memoIsBoundedAndAnswersStayTheSame() {
        Lemmatizer tiny = new Lemmatizer(2);
        for (int round = 0; round < 3; round++) {
            assertEquals(List.of("vechtpartij"), tiny.lemmas("vechtpartijen"));
            assertEquals(List.of("dumpen"), tiny.lemmas("gedumpt"));
            assertEquals(List.of("aanrijden"), tiny.lemmas("aangereden"));
        }
    }
}
