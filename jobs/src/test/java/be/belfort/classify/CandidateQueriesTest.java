package be.belfort.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.monitor.Monitor;
import org.apache.lucene.monitor.MonitorQuery;
import org.apache.lucene.monitor.MultiMatchingQueries;
import org.apache.lucene.monitor.QueryMatch;
import org.apache.lucene.monitor.TermFilteredPresearcher;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Matches;
import org.apache.lucene.search.MatchesIterator;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

/**
 * The candidate query misses no post its search matches, and pruning a search to a post's words
 * changes neither whether it matches nor the matched positions: checked for every shipped search on
 * every labelled post.
 */
class CandidateQueriesTest {

  private static final Analyzer QUERY = new SearchAnalyzer(SearchAnalyzer.Side.QUERY);
  private static final Analyzer DOCUMENT = new SearchAnalyzer(SearchAnalyzer.Side.DOCUMENT);
  /** Long enough an OR list to become one word set. */
  private static final String FIRE_WORDS =
      "brand OR vuur OR vlammen OR rook OR rookwolk OR blaze OR fire OR incendie OR pompiers OR vuurzee"
          + " OR steekvlam OR brandgeur OR brandhaard OR smeulen OR verkoold OR geblakerd OR flammes";

  @Test
  void wideningAndPruningKeepEveryMatchOfTheShippedSearchesOnTheLabelledPosts() throws IOException {
    RuleSet shipped = RuleLoader.load(RuleLoaderTest.SHIPPED_RULES);
    var lexiconRefs = SearchQueries.lexiconTokens(
        shipped.lexicons().stream().map(Lexicon::id).collect(java.util.stream.Collectors.toSet()));
    LexiconMatcher lexicons = new LexiconMatcher(shipped.lexicons(), QUERY);
    List<Query> searches = new ArrayList<>();
    for (SavedSearch search : shipped.searches()) {
      searches.add(SearchQueries.compile(search.query(), QUERY, lexiconRefs).query());
    }
    List<String> texts = labelledTexts();
    int matched = 0;
    int excluded = 0;
    for (String text : texts) {
      AnalyzedText analyzed = AnalyzedText.analyze(DOCUMENT, text, lexicons);
      MemoryIndex index = new MemoryIndex();
      index.addField(SearchAnalyzer.TEXT_FIELD, analyzed.tokens());
      IndexSearcher searcher = index.createSearcher();
      for (Query full : searches) {
        Query reference = searcher.rewrite(full);
        boolean matches = searcher.count(reference) > 0;
        boolean candidate = searcher.count(CandidateQueries.of(full)) > 0;
        assertTrue(candidate || !matches, () -> "candidate query misses '" + text + "' for " + full);
        excluded += candidate && !matches ? 1 : 0;
        matched += matches ? 1 : 0;

        Query pruned = TermPruning.prune(PostClassifier.prepared(full), analyzed.words());
        if (pruned == null) {
          assertFalse(matches, () -> "pruned away, but matches '" + text + "': " + full);
        } else {
          assertEquals(positions(searcher, reference), positions(searcher, pruned), text);
        }
      }
    }
    assertTrue(matched > texts.size() / 2, "the labelled posts exercise the searches: " + matched);
    // A candidate the full query then excludes costs one pruned one-post check. The labelled sets are
    // dense with hard negatives, each written to trip an exclusion, so they overstate the share a
    // real stream sees; the speed itself is measured by `bench classify`.
    assertTrue(excluded < matched * 15 / 100, "few extra candidates: " + excluded + " for " + matched);
  }

  @Test
  void dropsExclusionsAndFoldsPlainWordsIntoOneSet() {
    Query full =
        compile("(" + FIRE_WORDS + " OR \"in brand\" OR brandweer*) NOT (\"brand new\" OR oefening)");
    BooleanQuery candidate = assertInstanceOf(BooleanQuery.class, CandidateQueries.of(full));

    assertTrue(candidate.clauses().stream().allMatch(c -> c.getOccur() == BooleanClause.Occur.SHOULD));
    List<Query> parts = candidate.clauses().stream().map(BooleanClause::getQuery).toList();
    TermInSetQuery words =
        parts.stream().filter(TermInSetQuery.class::isInstance).map(TermInSetQuery.class::cast)
            .findFirst().orElseThrow();
    Set<String> inSet = new TreeSet<>();
    var it = words.getTermData().iterator();
    for (var term = it.next(); term != null; term = it.next()) {
      inSet.add(term.utf8ToString());
    }
    assertTrue(inSet.containsAll(Set.of("brand", "vuur", "vlammen")), inSet.toString());
    assertEquals(3, parts.size(), "word set, phrase and wildcard: " + parts);
    assertTrue(parts.stream().anyMatch(MultiTermQuery.class::isInstance));
  }

  @Test
  void presearcherSelectsAWordSetByItsWords() throws IOException {
    Query candidate =
        CandidateQueries.of(compile(FIRE_WORDS));
    assertInstanceOf(TermInSetQuery.class, candidate);
    assertInstanceOf(
        BooleanQuery.class,
        CandidateQueries.of(compile("brand OR vuur OR rook")),
        "a short list stays separate words");
    try (Monitor monitor =
        new Monitor(
            DOCUMENT,
            new TermFilteredPresearcher(
                TermFilteredPresearcher.DEFAULT_WEIGHTOR,
                List.of(new CandidateQueries.WordSetHandler()),
                Set.of()))) {
      monitor.register(new MonitorQuery("fire", candidate));
      MultiMatchingQueries<QueryMatch> hit = monitor.match(docs("Veel rook boven de haven"), QueryMatch.SIMPLE_MATCHER);
      assertEquals(1, hit.getMatchCount(0));
      MultiMatchingQueries<QueryMatch> miss = monitor.match(docs("Rustige avond aan de Graslei"), QueryMatch.SIMPLE_MATCHER);
      assertEquals(0, miss.getMatchCount(0));
      assertEquals(0, miss.getQueriesRun(), "not run at all on a post without its words");
    }
  }

  @Test
  void aRequiredPartWithoutItsWordsMakesTheQueryImpossible() {
    Query full = compile("afval AND (gedumpt OR \"op straat\")");
    assertNull(TermPruning.prune(full, words("afval", "straat")));
    String kept = TermPruning.prune(full, words("afval", "op", "straat")).toString();
    assertTrue(kept.contains("afval") && kept.contains("\"op straat\"") && !kept.contains("gedumpt"), kept);
    assertInstanceOf(
        TermQuery.class, TermPruning.prune(compile("afval"), words("afval")));
  }

  private static Set<BytesRef> words(String... words) {
    return java.util.Arrays.stream(words).map(BytesRef::new).collect(java.util.stream.Collectors.toSet());
  }

  private static Document[] docs(String text) {
    Document doc = new Document();
    doc.add(new TextField(SearchAnalyzer.TEXT_FIELD, text, Field.Store.NO));
    return new Document[] {doc};
  }

  /** "start-end" of every hit, in order; empty when the query does not match. */
  private static List<String> positions(IndexSearcher searcher, Query query) throws IOException {
    LeafReaderContext leaf = searcher.getIndexReader().leaves().get(0);
    Matches matches = searcher.createWeight(query, ScoreMode.COMPLETE_NO_SCORES, 1f).matches(leaf, 0);
    List<String> out = new ArrayList<>();
    MatchesIterator hits = matches == null ? null : matches.getMatches(SearchAnalyzer.TEXT_FIELD);
    while (hits != null && hits.next()) {
      out.add(hits.startPosition() + "-" + hits.endPosition());
    }
    return out;
  }

  private static List<String> labelledTexts() throws IOException {
    List<String> texts = new ArrayList<>();
    try (var files = Files.list(RuleLoaderTest.SHIPPED_RULES.resolve("eval"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
        RuleEvaluation.read(file).forEach(p -> texts.add(p.post().getText()));
      }
    }
    return texts;
  }

  /** A query without lexicon references, as a saved search compiles it. */
  private static Query compile(String query) {
    return SearchQueries.compile(query, QUERY, SearchQueries.NO_LEXICONS).query();
  }
}
