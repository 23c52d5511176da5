package be.belfort.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.classify.RuleEvaluation.LabeledPost;
import be.belfort.classify.RuleEvaluation.Report;
import be.belfort.classify.RuleEvaluation.TopicScore;
import be.belfort.schema.EnrichedPost;
import be.belfort.schema.MatchedSearch;
import be.belfort.schema.Post;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleEvaluationTest {

  @TempDir Path dir;

  /**
   * Six posts; the stub analysis answers per post id. brand: tp 2 (p1, p2), fp 1 (p3), fn 1 (p4);
   * geweld: tp 1 (p5), fp 1 (p1), fn 0. Event searches ("feest/x") are not scored. The stub detects
   * every post as nld (p2 is eng) and misses p4's place.
   */
  private static final String FIXTURE =
      String.join(
          "\n",
          line("p1", "Brand aan de Korenmarkt", "[\"brand\"]", "nld", "[\"korenmarkt\"]", "binnenstad"),
          line("p2", "Fire at Graslei", "[\"brand\"]", "eng", "[\"graslei\"]", "binnenstad"),
          line("p3", "Brandnieuw terras", "[]", "nld", "[]", null),
          line("p4", "Het brandt in Ledeberg", "[\"brand\"]", "nld", "[\"ledeberg\"]", "ledeberg"),
          "",
          line("p5", "Vechtpartij", "[\"geweld\"]", "nld", "[]", null),
          line("p6", "Mooi weer", "[]", "nld", "[]", null));

  private static final Map<String, List<String>> MATCHES =
      Map.of(
          "p1", List.of("brand", "geweld", "feest/x"),
          "p2", List.of("brand"),
          "p3", List.of("brand"),
          "p4", List.of(),
          "p5", List.of("geweld"),
          "p6", List.of("feest/x"));

  /** Stub analysis: the matches of {@link #MATCHES}, language nld, places per post id. */
  private static final Function<Post, EnrichedPost> ANALYZER =
      post -> {
        String id = post.getId();
        List<MatchedSearch> matches = new ArrayList<>();
        for (String search : MATCHES.get(id)) {
          matches.add(new MatchedSearch(search, "v1", List.of()));
        }
        List<String> places =
            switch (id) {
              case "p1" -> List.of("korenmarkt", "leie");
              case "p2" -> List.of("graslei");
              default -> List.of();
            };
        return EnrichedPost.newBuilder()
            .setId(id)
            .setPlatform(post.getPlatform())
            .setAuthor("pseudo")
            .setText(post.getText())
            .setCreatedAt(post.getCreatedAt())
            .setLang("nld")
            .setTokens(List.of())
            .setLemmas(List.of())
            .setPlaces(places)
            .setWijk(places.isEmpty() ? null : "binnenstad")
            .setMatches(matches)
            .build();
      };

  @Test
  void exactScoresOnATinyFixture() throws IOException {
    Report report = evaluate();

    TopicScore brand = report.topics().get(0);
    assertEquals("brand", brand.topic());
    assertEquals(List.of(2, 1, 1, 3), List.of(brand.truePositives(), brand.falsePositives(),
        brand.falseNegatives(), brand.support()));
    assertEquals(2.0 / 3, brand.precision(), 1e-9);
    assertEquals(2.0 / 3, brand.recall(), 1e-9);
    assertEquals(2.0 / 3, brand.f1(), 1e-9);
    TopicScore geweld = report.topics().get(1);
    assertEquals(0.5, geweld.precision(), 1e-9);
    assertEquals(1.0, geweld.recall(), 1e-9);
    assertEquals(2.0 / 3, geweld.f1(), 1e-9);
    TopicScore verkeer = report.topics().get(2);
    assertEquals("verkeer", verkeer.topic(), "scored although neither labeled nor matched");
    assertTrue(Double.isNaN(verkeer.f1()));
    assertEquals(3, report.topics().size(), "event search feest/x is not a phenomenon");
    assertEquals(2.0 / 3, report.macroF1(), 1e-9, "verkeer has no F1 and does not count");
    assertEquals(5.0 / 6, report.languageAccuracy(), 1e-9);
    assertEquals(2.0 / 3, report.placeRecall(), 1e-9);
    assertEquals(2.0 / 3, report.wijkAccuracy(), 1e-9, "p4 expected ledeberg, got null");
  }

  @Test
  void printListsEveryErrorWithIdAndText() throws IOException {
    StringWriter out = new StringWriter();
    evaluate().print(new PrintWriter(out));
    String text = out.toString();

    assertTrue(text.contains("brand         0.667  0.667  0.667        3     2     1     1"), text);
    assertTrue(text.contains("macro-F1           0.667  (6 posts)"), text);
    assertTrue(text.contains("FP    brand        p3         Brandnieuw terras"), text);
    assertTrue(text.contains("FP    geweld       p1         Brand aan de Korenmarkt"), text);
    assertTrue(text.contains("FN    brand        p4         Het brandt in Ledeberg"), text);
    assertTrue(text.contains("LANG  eng          p2         [got nld] Fire at Graslei"), text);
    assertTrue(text.contains("PLACE ledeberg     p4         [found []]"), text);
    assertTrue(text.indexOf("FP ") < text.indexOf("FN "), "grouped by kind");
  }

  @Test
  void badLinesNameFileAndLine() throws IOException {
    Path file = dir.resolve("bad.jsonl");
    Files.writeString(file, FIXTURE.lines().findFirst().orElseThrow() + "\n"
        + line("p2", "x", "[]", "nld", "[]", null).replace("\"lang\":", "\"language\":") + "\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RuleEvaluation.read(file));
    assertTrue(e.getMessage().startsWith(file + ":2: unknown label 'language'"), e.getMessage());

    Files.writeString(file, "{\"id\":\"p\",\"labels\":{\"phenomena\":[]}}\n");
    e = assertThrows(IllegalArgumentException.class, () -> RuleEvaluation.read(file));
    assertTrue(e.getMessage().startsWith(file + ":1: missing field"), e.getMessage());
  }

  private Report evaluate() throws IOException {
    Path file = dir.resolve("fixture.jsonl");
    Files.writeString(file, FIXTURE + "\n");
    List<LabeledPost> posts = RuleEvaluation.read(file);
    assertEquals(6, posts.size(), "the blank line is skipped");
    return RuleEvaluation.evaluate(posts, List.of("brand", "geweld", "verkeer"), ANALYZER);
  }

  private static String line(String id, String text, String phenomena, String lang, String places, String wijk) {
    return "{\"id\":\"" + id + "\",\"platform\":\"twitter\",\"author\":\"a\",\"text\":\"" + text
        + "\",\"created_at\":\"2026-07-20T21:00:00Z\",\"labels\":{\"phenomena\":" + phenomena
        + ",\"lang\":\"" + lang + "\",\"places\":" + places
        + (wijk == null ? "" : ",\"wijk\":\"" + wijk + "\"") + "}}";
  }
}
