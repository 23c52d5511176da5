package be.belfort.nlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CompoundSplitterTest {

    private final CompoundSplitter splitter = new CompoundSplitter(new Lemmatizer());

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "verkeersongeval, ongeval",
        "verkeersongevallen, ongeval",
        "woningbrand, brand",
        "woningbranden, brand",
        "keukenbrand, brand",
        "politiegeweld, geweld",
        "kettingbotsing, botsing",
        "fietsdiefstallen, diefstal",
        "klimaatbetogers, betoger",
        "studentenprotest, protest",
        "speeltuinen, tuin",
        "nachtwinkels, winkel",
        "bestelwagens, wagen",
        "ziekenwagens, wagen",
        "spoedopname, opname",
        "politiecombi, combi",
        "vechtpartijtje, partij",
        "sluikstortplaats, plaats",
        "messteken, steek",
        "verkeersinfo, info",
        "koophandelsplein, plein",
        "koophandelsplein, handelsplein",
        "sleutelring, ring",
    })
    void compoundsGiveTheirHead(String word, String head) {
        List<String> heads = splitter.heads(word);
        assertTrue(heads.contains(head), word + " -> " + heads);
    }

    @Test
    void linkingLettersAreDroppedFromTheModifier() {
        assertEquals(Optional.of(new CompoundSplitter.Split("verkeer", "ongeval")), splitter.split("verkeersongeval"));
        assertEquals(Optional.of(new CompoundSplitter.Split("woning", "brand")), splitter.split("woningbrand"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"brandnieuw", "geweldig", "geweldige", "zonnebrand", "manifestanten", "matrassen",
        "neergestoken", "aangereden", "ongeval", "sluikstort", "xyzzyq", "fietsster", "leerling", "verzakking",
        "vriendschap", "regering", "regeringen", "levering", "verzekering"})
    void nonCompoundsAndAdjectivesAreNotSplit(String word) {
        assertEquals(List.of(), splitter.heads(word), word);
    }

    @Test
    void theModifierNeverStandsForTheWord() {
        assertFalse(splitter.heads("brandweer").contains("brand"));
        assertFalse(splitter.heads("woningbrand").contains("woning"));
        assertFalse(splitter.heads("keukenbrand").contains("branden"), "the head's verb reading is another word");
    }
}
