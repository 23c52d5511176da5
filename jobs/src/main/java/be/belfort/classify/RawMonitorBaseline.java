package be.belfort.classify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.monitor.Monitor;
import org.apache.lucene.monitor.MonitorQuery;
import org.apache.lucene.monitor.QueryMatch;
import org.apache.lucene.monitor.TermFilteredPresearcher;
import org.apache.lucene.search.Query;

/**
 * The reference point for classification benchmarks: bare lucene-monitor on the same queries, with
 * the surface analysis chain, the default presearcher, no filter fields, no word forms and no
 * matched-term highlighting. What {@link PostClassifier} adds on top is the price of its features.
 */
public final class RawMonitorBaseline implements AutoCloseable {
  private final Analyzer analyzer = new SearchAnalyzer(SearchAnalyzer.Side.SURFACE);
  private final Monitor monitor;

  /**
   * Registers every search of the rule set, parsed as {@link PostClassifier} parses it, with each
   * {@code lex:} reference written out as the OR of its lexicon's entries.
   */
  public RawMonitorBaseline(RuleSet rules) {
    List<MonitorQuery> queries = new ArrayList<>();
    Function<String, Query> lexicons = SearchQueries.lexiconsInline(rules.lexicons(), analyzer);
    for (SavedSearch search : rules.searches()) {
      SearchQueries.Compiled compiled = SearchQueries.compile(search.query(), analyzer, lexicons);
      if (!compiled.problems().isEmpty()) {
        throw new RuleException(
            List.of(new RuleProblem(search.sourceFile(), search.line(), compiled.problems().get(0))));
      }
      queries.add(new MonitorQuery(search.id(), compiled.query()));
    }
    try {
      monitor = new Monitor(analyzer, new TermFilteredPresearcher());
      monitor.register(queries);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Matches texts in one monitor call and returns how many (text, search) matches there were. */
  public int match(List<String> texts) {
    Document[] docs = new Document[texts.size()];
    for (int i = 0; i < docs.length; i++) {
      docs[i] = new Document();
      docs[i].add(new TextField(SearchAnalyzer.TEXT_FIELD, texts.get(i), Field.Store.NO));
    }
    try {
      int matches = 0;
      var result = monitor.match(docs, QueryMatch.SIMPLE_MATCHER);
      for (int i = 0; i < docs.length; i++) {
        matches += result.getMatchCount(i);
      }
      return matches;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    PostClassifier.close(monitor, analyzer);
  }
}
