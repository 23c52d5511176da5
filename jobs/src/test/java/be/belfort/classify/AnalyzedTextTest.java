package be.belfort.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One analysis replays as the document chain would have run, and yields the surface chain's words. */
class AnalyzedTextTest {

  private static final Analyzer DOCUMENT = new SearchAnalyzer(SearchAnalyzer.Side.DOCUMENT);
  private static final Analyzer SURFACE = new SearchAnalyzer(SearchAnalyzer.Side.SURFACE);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Zwaar verkeersongeval op de R4, bewoners Geëvacueerd",
        "Zie https://brandweer.be/nieuws of mail info@stad.gent over de #Woningbrand!",
        "",
        "   ",
        "Vechtpartijen aan de Overpoort 😡 en sluikstorters in de Muide http://x.be"
      })
  void replaysTheDocumentChainAndKnowsTheSurfaceWords(String text) throws IOException {
    AnalyzedText analyzed = AnalyzedText.analyze(DOCUMENT, text);
    List<String> direct = tokens(DOCUMENT.tokenStream(SearchAnalyzer.TEXT_FIELD, text));

    assertEquals(direct, tokens(analyzed.tokens()));
    assertEquals(direct, tokens(analyzed.tokens()), "each replay starts from the first token");

    List<String> surface = new ArrayList<>();
    for (String token : tokens(SURFACE.tokenStream(SearchAnalyzer.TEXT_FIELD, text))) {
      String[] parts = token.split("/");
      for (int gap = 1; gap < Integer.parseInt(parts[1]); gap++) {
        surface.add(null); // a dropped URL or e-mail address
      }
      surface.add(parts[0]);
    }
    assertArrayEquals(surface.toArray(), analyzed.surfaceByPosition());
  }

  /** "term/position increment/start-end" of every token. */
  private static List<String> tokens(TokenStream stream) throws IOException {
    List<String> out = new ArrayList<>();
    try (stream) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
      OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        out.add(term + "/" + increment.getPositionIncrement() + "/" + offset.startOffset() + "-"
            + offset.endOffset());
      }
      stream.end();
    }
    return out;
  }
}
