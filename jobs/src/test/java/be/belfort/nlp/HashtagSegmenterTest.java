package be.belfort.nlp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HashtagSegmenterTest {

    private final Lemmatizer lemmatizer = new Lemmatizer();
    private final HashtagSegmenter segmenter = new HashtagSegmenter(lemmatizer, new CompoundSplitter(lemmatizer));

    @ParameterizedTest(name = "#{0} -> {1}")
    @CsvSource({
        "gentsefeesten, gentse feesten",
        "GentseFeesten, gentse feesten",
        "sluikstort, sluikstort",
        "verkeersinfo, verkeer info",
        "ikbenboos, ik ben boos",
        "stillemars, stille mars",
        "brandalarm, brand alarm",
        "nachtlawaai, nacht lawaai",
        "fietsdiefstal, fiets diefstal",
        "politiegeweld, politie geweld",
        "dtvgent, dtvgent",
        "xyzzyq, xyzzyq",
    })
    void segmentsIntoFewestLongestWords(String body, String words) {
        assertEquals(List.of(words.split(" ")), segmenter.segment(body));
    }

    @ParameterizedTest
    @CsvSource({"x", "ab"})
    void shortTagsStayWhole(String body) {
        assertEquals(Arrays.asList(body), segmenter.segment(body));
    }
}
