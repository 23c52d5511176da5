package be.belfort.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.schema.MatchedSearch;
import be.belfort.schema.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LexiconTest {

  @TempDir Path rules;

  private static final String WAPEN = """
      # what hurts
      id: wapen
      label: Wapens
      terms:
        - mes
        - schroevendraaier
        - gebroken fles
        - machet*
      """;

  private static final String LETSEL = """
      id: letsel
      label: Letsel
      terms: [bloed, gewond, "in elkaar geslagen"]
      """;

  @Test
  void aSearchCombinesLexiconsAsOneClauseEach() throws IOException {
    write("lexicons/wapen.yaml", WAPEN);
    write("lexicons/letsel.yaml", LETSEL);
    write("phenomena/geweld.yaml", RuleLoaderTest.rule("geweld", "lex:wapen AND lex:letsel"));

    RuleSet set = RuleLoader.load(rules);
    try (PostClassifier classifier = new PostClassifier(set)) {
      // a plain word, an inflection, a prefix, a phrase
      assertEquals(List.of("schroevendraaier", "bloed"),
          terms(classifier, "Bedreigd met een schroevendraaier, overal bloed"));
      assertEquals(List.of("messen", "gewond"),
          terms(classifier, "Twee messen gevonden, één man gewond"));
      assertEquals(List.of("machetes", "in elkaar geslagen"),
          terms(classifier, "Met machetes, iemand in elkaar geslagen"));
      assertEquals(List.of("gebroken fles", "gewonden"),
          terms(classifier, "Een gebroken fles en twee gewonden"));
      // one slot alone is not enough; the words of a phrase apart are not the phrase
      assertEquals(List.of(), terms(classifier, "Nieuw mes gekocht voor de keuken"));
      assertEquals(List.of(), terms(classifier, "De fles was gebroken, bloed van de wijn"));
    }
    assertEquals(2, set.lexicons().size());
  }

  @Test
  void aLexiconMatchesExactlyWhatItsEntriesWrittenOutMatch() throws IOException {
    write("lexicons/wapen.yaml", WAPEN);
    write("lexicons/letsel.yaml", LETSEL);
    write("phenomena/a.yaml", RuleLoaderTest.rule("a", "lex:wapen AND (lex:letsel OR politie)"));
    write("phenomena/b.yaml", RuleLoaderTest.rule("b",
        "(mes OR schroevendraaier OR \\\"gebroken fles\\\" OR machet*)"
            + " AND ((bloed OR gewond OR \\\"in elkaar geslagen\\\") OR politie)").replace("query: (", "query: \"(").replace("politie)\n", "politie)\"\n"));
    RuleSet set = RuleLoader.load(rules);
    List<String> texts = List.of(
        "Man met mes gewond aan de Korenmarkt", "Politie vindt machete", "messen en bloed",
        "schroevendraaiers gestolen", "In elkaar geslagen met een gebroken fles!",
        "Gebroken flessen overal", "machtig mooi, bloed, zweet en tranen", "mesjes en gewonde politie");
    try (PostClassifier classifier = new PostClassifier(set)) {
      for (String text : texts) {
        List<String> ids = classifier.classify(PostClassifierTest.post(text, "nld", Platform.twitter))
            .stream().map(MatchedSearch::getSearchId).toList();
        assertTrue(ids.isEmpty() || ids.equals(List.of("a", "b")), text + " -> " + ids);
      }
      assertEquals(List.of("a", "b"), classifier.classify(PostClassifierTest.post(
          "Man met mes gewond", "nld", Platform.twitter)).stream().map(MatchedSearch::getSearchId).toList());
    }
  }

  @Test
  void prefixesSharingTheirStartEachMatchTheirOwnWords() throws IOException {
    write("lexicons/x.yaml", "id: x\nlabel: X\nterms: [\"vechtpart*\", \"ruzi*\", \"ruziema*\", \"stekk*\"]\n");
    write("phenomena/x.yaml", RuleLoaderTest.rule("x", "lex:x"));
    try (PostClassifier classifier = new PostClassifier(RuleLoader.load(rules))) {
      assertEquals(List.of("vechtpartijen"), terms(classifier, "Twee vechtpartijen vannacht"));
      assertEquals(List.of("ruziemakers"), terms(classifier, "ruziemakers aan de deur"));
      assertEquals(List.of("ruzie"), terms(classifier, "ruzie op straat"));
      assertEquals(List.of(), terms(classifier, "vechten voor een tafeltje, een steen en een stekel"));
    }
  }

  @Test
  void badEntriesAndUnknownLexiconsNameFileAndLine() throws IOException {
    write("lexicons/wapen.yaml", """
        id: wapen
        label: Wapens
        terms:
          - mes
          - "mes OR bijl"
          - sch*roef
          - ab*
          - MES
          - ";;;"
          - een twee drie vier vijf zes zeven
        colour: red
        """);
    write("lexicons/leeg.yaml", "id: leeg\nlabel: Leeg\nterms: []\n");
    write("lexicons/dubbel.yaml", "id: letsel\nlabel: Nog eens\nterms: [bloed]\n");
    write("lexicons/letsel.yaml", LETSEL);
    write("phenomena/geweld.yaml", RuleLoaderTest.rule("geweld", "lex:wapen AND lex:onbekend"));

    List<String> problems = assertThrows(RuleException.class, () -> RuleLoader.load(rules))
        .problems().stream().map(RuleProblem::toString).collect(Collectors.toList());

    String lexicons = rules.resolve("lexicons").toString();
    assertEquals(List.of(
        lexicons + "/leeg.yaml:3: 'terms' must list at least one entry",
        lexicons + "/letsel.yaml:1: duplicate lexicon id 'letsel', also defined in " + lexicons + "/dubbel.yaml:1",
        lexicons + "/wapen.yaml:5: entry 'mes OR bijl': 'OR' is a query operator; a lexicon entry is one word or phrase",
        lexicons + "/wapen.yaml:6: entry 'sch*roef': a * may only end a single word (a prefix such as tabass*)",
        lexicons + "/wapen.yaml:7: entry 'ab*': a prefix needs at least 3 letters before the *",
        lexicons + "/wapen.yaml:8: duplicate entry 'MES', also on line 4",
        lexicons + "/wapen.yaml:9: entry ';;;': contains no word",
        lexicons + "/wapen.yaml:10: entry 'een twee drie vier vijf zes zeven': 7 words, at most 6",
        lexicons + "/wapen.yaml:11: unknown key 'colour'; known keys are [id, label, terms]",
        rules.resolve("phenomena") + "/geweld.yaml:3: unknown lexicon 'onbekend' in lex:onbekend"
            + " (no rules/lexicons/*.yaml file has that id)"),
        problems);
  }

  @Test
  void theRulesVersionCoversTheEntries() throws IOException {
    write("phenomena/geweld.yaml", RuleLoaderTest.rule("geweld", "lex:wapen AND bloed"));
    write("lexicons/wapen.yaml", WAPEN);
    String first = RuleLoader.load(rules).version();
    write("lexicons/wapen.yaml", WAPEN.replace("# what hurts\n", ""));
    assertEquals(first, RuleLoader.load(rules).version(), "comments do not change the version");
    write("lexicons/wapen.yaml", WAPEN + "  - bijl\n");
    assertNotEquals(first, RuleLoader.load(rules).version());
  }

  @Test
  void lexiconsTravelInTheRulesBundle() throws IOException {
    write("phenomena/geweld.yaml", RuleLoaderTest.rule("geweld", "lex:wapen AND bloed"));
    write("lexicons/wapen.yaml", WAPEN);
    RulesBundle bundle = RulesBundle.fromJson(RulesBundle.read(rules, 1L).toJson(), "test");
    Path copy = bundle.materialize(Files.createTempDirectory(rules.getParent(), "bundle"));
    assertEquals(RuleLoader.load(rules).version(), RuleLoader.load(copy).version());
  }

  @Test
  void theRawBaselineWritesLexiconsOut() throws IOException {
    write("lexicons/wapen.yaml", WAPEN);
    write("phenomena/geweld.yaml", RuleLoaderTest.rule("geweld", "lex:wapen AND bloed"));
    try (RawMonitorBaseline raw = new RawMonitorBaseline(RuleLoader.load(rules))) {
      assertEquals(1, raw.match(List.of("een schroevendraaier en bloed")));
      assertEquals(0, raw.match(List.of("een schroevendraaier en zweet")));
    }
  }

  private static List<String> terms(PostClassifier classifier, String text) {
    List<MatchedSearch> matches = classifier.classify(PostClassifierTest.post(text, "nld", Platform.twitter));
    return matches.isEmpty() ? List.of() : matches.get(0).getTerms();
  }

  private void write(String name, String content) throws IOException {
    Path file = rules.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
