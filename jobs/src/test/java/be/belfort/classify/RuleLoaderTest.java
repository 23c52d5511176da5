package be.belfort.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.schema.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleLoaderTest {

  static final Path SHIPPED_RULES = Path.of(System.getProperty("belfort.rules.dir", "../rules"));

  @TempDir Path rules;

  @Test
  void shippedRulesLoadWithTheNineContractIds() {
    RuleSet set = RuleLoader.load(SHIPPED_RULES);

    assertEquals(
        Set.of(
            "verkeer", "geluid", "sluikstort", "geweld", "brand", "drukte", "vermist", "betoging",
            "diefstal"),
        set.phenomena().stream().map(SavedSearch::id).collect(Collectors.toSet()));
    for (SavedSearch search : set.phenomena()) {
      assertTrue(search.sourceFile().endsWith(search.id() + ".yaml"), search.sourceFile());
      assertEquals(Set.of("nld", "eng", "fra"), search.languages(), search.id());
      assertTrue(search.platforms().isEmpty(), search.id());
      assertTrue(search.retentionDays() > 0, search.id());
      assertFalse(search.purpose().isBlank(), search.id());
    }
  }

  @Test
  void validFileBecomesASavedSearch() throws IOException {
    write(
        "brand.yaml",
        """
        # comment lines before the mapping do not shift the reported line
        id: brand
        label: Brand
        query: brand OR rookpluim*
        languages: [nld]
        platforms: [twitter, meldpunt]
        severity: critical
        purpose: test
        retention_days: 7
        """);

    SavedSearch search = RuleLoader.load(rules).searches().get(0);

    assertEquals("brand", search.id());
    assertEquals("brand OR rookpluim*", search.query());
    assertEquals(Set.of("nld"), search.languages());
    assertEquals(Set.of("twitter", "meldpunt"), search.platforms());
    assertEquals(Severity.critical, search.severity());
    assertEquals(7, search.retentionDays());
    assertEquals(2, search.line());
  }

  @Test
  void yamlSyntaxErrorReportsItsLine() throws IOException {
    write("a.yaml", "id: a\nlabel: [unclosed\nquery: brand\n");

    RuleProblem problem = onlyProblem();

    assertTrue(problem.file().endsWith("a.yaml"), problem.file());
    assertEquals(3, problem.line());
    assertTrue(problem.message().startsWith("YAML syntax error"), problem.message());
  }

  @Test
  void unknownKeyIsReportedAtItsLine() throws IOException {
    write("a.yaml", rule("a", "brand") + "owner: team-x\n");

    RuleProblem problem = onlyProblem();

    assertEquals(9, problem.line());
    assertTrue(problem.message().contains("unknown key 'owner'"), problem.message());
  }

  @Test
  void missingKeyIsReportedAtTheStartOfTheSearch() throws IOException {
    write("a.yaml", rule("a", "brand").replace("purpose: test\n", ""));

    RuleProblem problem = onlyProblem();

    assertEquals(1, problem.line());
    assertEquals("missing key 'purpose'", problem.message());
  }

  @Test
  void wrongTypesAreReportedAtTheValue() throws IOException {
    write(
        "a.yaml",
        rule("a", "brand")
            .replace("languages: [nld]", "languages: nld")
            .replace("retention_days: 30", "retention_days: thirty"));

    List<RuleProblem> problems = problems();

    assertEquals(2, problems.size(), problems.toString());
    assertEquals(4, problems.get(0).line());
    assertTrue(problems.get(0).message().contains("'languages' must be a list"));
    assertEquals(8, problems.get(1).line());
    assertTrue(problems.get(1).message().contains("whole number"));
  }

  @Test
  void badSeverityIdAndListValuesAreReported() throws IOException {
    write(
        "a.yaml",
        rule("Geweld_1", "brand")
            .replace("severity: high", "severity: urgent")
            .replace("languages: [nld]", "languages: [nl]")
            .replace("platforms: []", "platforms: [tiktok]"));

    List<String> messages = problems().stream().map(RuleProblem::toString).toList();

    assertEquals(4, messages.size(), messages.toString());
    assertTrue(messages.get(0).endsWith(":1: id 'Geweld_1' must match [a-z0-9-]+"), messages.get(0));
    assertTrue(messages.get(1).contains(":4: 'nl' in languages"), messages.get(1));
    assertTrue(messages.get(2).contains(":5: 'tiktok' in platforms"), messages.get(2));
    assertTrue(messages.get(3).contains(":6: bad severity 'urgent'"), messages.get(3));
  }

  @Test
  void duplicateIdsNameBothFiles() throws IOException {
    write("a.yaml", rule("brand", "brand"));
    write("b.yaml", rule("brand", "vuur"));

    RuleProblem problem = onlyProblem();

    assertTrue(problem.file().endsWith("b.yaml"), problem.file());
    assertEquals(1, problem.line());
    assertTrue(problem.message().startsWith("duplicate id 'brand', also defined in "));
    assertTrue(problem.message().endsWith("a.yaml:1"), problem.message());
  }

  @Test
  void queryParseErrorCarriesTheParserMessage() throws IOException {
    write("a.yaml", rule("a", "'brand AND (rook'"));

    RuleProblem problem = onlyProblem();

    assertEquals(3, problem.line());
    assertTrue(problem.message().startsWith("query does not parse: "), problem.message());
    assertTrue(problem.message().contains("Encountered"), problem.message());
  }

  @Test
  void leadingWildcardsAreRefused() throws IOException {
    write("a.yaml", rule("a", "'*brand'"));
    write("b.yaml", rule("b", "'?rand'"));

    List<RuleProblem> problems = problems();

    assertEquals(2, problems.size());
    problems.forEach(
        p -> assertTrue(p.message().contains("not allowed as first character"), p.message()));
  }

  @Test
  void expensiveQueriesAreRefusedWithAReason() throws IOException {
    write("regex.yaml", rule("regex", "'/br[a]nd/'"));
    write("deep.yaml", rule("deep", "'a OR (b AND (c OR (d AND (e OR (f AND g)))))'"));
    write("fuzzy.yaml", rule("fuzzy", "'brand~'"));
    write("prefix.yaml", rule("prefix", "'br*'"));
    String many =
        IntStream.range(0, SearchQueries.MAX_CLAUSES + 1).mapToObj(i -> "term" + i).collect(Collectors.joining(" OR "));
    write("many.yaml", rule("many", many));

    List<String> messages = problems().stream().map(RuleProblem::toString).toList();

    assertEquals(5, messages.size(), messages.toString());
    assertTrue(messages.get(0).matches(".*deep\\.yaml:3: expensive query: nesting depth 5.*"));
    assertTrue(messages.get(1).matches(".*fuzzy\\.yaml:3: expensive query: fuzzy .* 2 edits.*"));
    assertTrue(
        messages.get(2).matches(".*many\\.yaml:3: expensive query: " + (SearchQueries.MAX_CLAUSES + 1) + " clauses.*"),
        messages.get(2));
    assertTrue(messages.get(3).matches(".*prefix\\.yaml:3: expensive query: wildcard.*"));
    assertTrue(messages.get(4).matches(".*regex\\.yaml:3: expensive query: regular expr.*"));
  }

  @Test
  void cheapFuzzyAndFourLevelsAreAccepted() throws IOException {
    write("a.yaml", rule("a", "'vechtpartij~1 OR (b AND (c OR (d AND e)))'"));

    assertEquals(1, RuleLoader.load(rules).searches().size());
  }

  @Test
  void metadataInsideTheQueryAndQueriesThatCannotMatchAreRefused() throws IOException {
    write("a.yaml", rule("a", "'brand AND language:nld'"));
    write("b.yaml", rule("b", "'NOT brand'"));
    write("c.yaml", rule("c", "'\"www.brandweer.be\"'"));

    List<RuleProblem> problems = problems();

    assertEquals(3, problems.size(), problems.toString());
    assertTrue(problems.get(0).message().contains("searches field 'language'"));
    assertTrue(problems.get(1).message().contains("can never match"));
    assertTrue(problems.get(2).message().contains("can never match"));
  }

  @Test
  void multiLineQueryProblemPointsAtTheQueryKey() throws IOException {
    write(
        "a.yaml",
        rule("a", "PLACEHOLDER")
            .replace("query: PLACEHOLDER", "query: >-\n  brand OR\n  *rook"));

    assertEquals(3, onlyProblem().line());
  }

  @Test
  void allProblemsOfAllFilesAreReportedTogether() throws IOException {
    write("a.yaml", rule("a", "'*brand'") + "extra: 1\n");
    write("b.yaml", "id: b\n  label: x: y\n");
    write("c.yaml", rule("c", "brand"));

    RuleException e = assertThrows(RuleException.class, () -> RuleLoader.load(rules));

    List<String> files =
        e.problems().stream().map(p -> Path.of(p.file()).getFileName().toString()).toList();
    assertEquals(List.of("a.yaml", "a.yaml", "b.yaml"), files, e.problems().toString());
    assertTrue(e.getMessage().startsWith("3 problem(s)"), e.getMessage());
  }

  @Test
  void emptyOrMissingDirectoryIsAProblem() throws IOException {
    assertTrue(onlyProblem().message().contains("not a directory"));
    Files.createDirectories(rules.resolve("phenomena"));
    RuleProblem empty = onlyProblem();
    assertEquals(0, empty.line());
    assertTrue(empty.message().startsWith("no saved searches"), empty.message());
  }

  @Test
  void emptyFileAndNonMappingAreReported() throws IOException {
    write("a.yaml", "# nothing here\n");
    write("b.yaml", "- id: b\n");

    List<RuleProblem> problems = problems();

    assertTrue(problems.get(0).message().startsWith("empty file"));
    assertTrue(problems.get(1).message().startsWith("expected a mapping"));
  }

  @Test
  void problemToStringIsFileLineMessage() {
    assertEquals("x.yaml:3: boom", new RuleProblem("x.yaml", 3, "boom").toString());
  }

  /** A complete, valid search; the query is inserted verbatim (quote it when YAML needs that). */
  static String rule(String id, String query) {
    return """
        id: %s
        label: Test
        query: %s
        languages: [nld]
        platforms: []
        severity: high
        purpose: test
        retention_days: 30
        """
        .formatted(id, query);
  }

  private void write(String name, String content) throws IOException {
    Path dir = Files.createDirectories(rules.resolve("phenomena"));
    Files.writeString(dir.resolve(name), content);
  }

  private List<RuleProblem> problems() {
    return assertThrows(RuleException.class, () -> RuleLoader.load(rules)).problems();
  }

  private RuleProblem onlyProblem() {
    List<RuleProblem> problems = problems();
    assertEquals(1, problems.size(), problems.toString());
    return problems.get(0);
  }
}
