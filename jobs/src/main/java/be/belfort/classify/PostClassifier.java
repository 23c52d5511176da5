package be.belfort.classify;

import be.belfort.schema.EnrichedPost;
import be.belfort.schema.MatchedSearch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.core.WhitespaceAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.monitor.HighlightsMatch;
import org.apache.lucene.monitor.Monitor;
import org.apache.lucene.monitor.MonitorConfiguration;
import org.apache.lucene.monitor.MonitorQuery;
import org.apache.lucene.monitor.MultiMatchingQueries;
import org.apache.lucene.monitor.TermFilteredPresearcher;

/**
 * Matches posts against the saved searches of a {@link RuleSet} with lucene-monitor.
 *
 * <p>Each search is one {@link MonitorQuery}. Its languages and platforms travel as metadata and
 * are enforced by the presearcher's filter fields, never inside the query text: the document
 * carries its language and platform plus the token {@value #ANY}, and a search with no
 * restriction carries {@value #ANY} too, so "any" matches every post. A post whose language is
 * unknown ({@code und}, blank) carries no language at all and is therefore checked against every
 * search: a failed language guess on a short post must not hide it.
 *
 * <p>Not thread-safe and not serializable: build one per Flink subtask in {@code open()} and
 * {@link #close()} it in {@code close()} (the monitor owns a purge thread).
 */
public final class PostClassifier implements AutoCloseable {

  static final String LANGUAGE_FIELD = "language";
  static final String PLATFORM_FIELD = "platform";

  /** Filter token meaning "no restriction". Cannot collide: languages and platforms are words. */
  static final String ANY = "_any_";

  private static final String UNKNOWN_LANGUAGE = "und";

  private final String version;
  private final Analyzer queryAnalyzer = new SearchAnalyzer(SearchAnalyzer.Side.QUERY);
  private final Analyzer textAnalyzer = new SearchAnalyzer(SearchAnalyzer.Side.DOCUMENT);
  private final Analyzer surfaceAnalyzer = new SearchAnalyzer(SearchAnalyzer.Side.SURFACE);
  private final Analyzer filterAnalyzer = new WhitespaceAnalyzer();
  private final Analyzer documentAnalyzer =
      new PerFieldAnalyzerWrapper(
          textAnalyzer, Map.of(LANGUAGE_FIELD, filterAnalyzer, PLATFORM_FIELD, filterAnalyzer));
  private final Monitor monitor;

  /**
   * Compiles and registers every search of the rule set.
   *
   * @throws RuleException when a search does not compile (only possible for a rule set that did
   *     not come from {@link RuleLoader}, which already checks this)
   */
  public PostClassifier(RuleSet rules) {
    this.version = rules.version();
    List<MonitorQuery> queries = new ArrayList<>();
    List<RuleProblem> problems = new ArrayList<>();
    for (SavedSearch search : rules.searches()) {
      SearchQueries.Compiled compiled = SearchQueries.compile(search.query(), queryAnalyzer);
      compiled
          .problems()
          .forEach(p -> problems.add(new RuleProblem(search.sourceFile(), search.line(), p)));
      if (compiled.problems().isEmpty()) {
        queries.add(
            new MonitorQuery(
                search.id(),
                compiled.query(),
                search.query(),
                Map.of(
                    LANGUAGE_FIELD, filterValue(search.languages()),
                    PLATFORM_FIELD, filterValue(search.platforms()))));
      }
    }
    if (!problems.isEmpty()) {
      closeAnalyzers();
      throw new RuleException(problems);
    }
    try {
      this.monitor =
          new Monitor(
              documentAnalyzer,
              new TermFilteredPresearcher(
                  TermFilteredPresearcher.DEFAULT_WEIGHTOR,
                  List.of(),
                  Set.of(LANGUAGE_FIELD, PLATFORM_FIELD)),
              new FilterFieldConfiguration());
      monitor.register(queries);
    } catch (IOException e) {
      closeAnalyzers();
      throw new UncheckedIOException("cannot build the in-memory query index", e);
    }
  }

  /** The searches this post matches, sorted by search id, each with the words that matched. */
  public List<MatchedSearch> classify(EnrichedPost post) {
    return classifyBatch(List.of(post)).get(0);
  }

  /**
   * Classifies several posts with as few monitor calls as possible; result {@code i} belongs to
   * post {@code i} and equals {@code classify(posts.get(i))}.
   *
   * <p>lucene-monitor requires every document of one batch to carry the same filter-field values,
   * so posts are grouped by (language, platform) and each group is one {@code match} call.
   */
  public List<List<MatchedSearch>> classifyBatch(List<EnrichedPost> posts) {
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    List<Document> documents = new ArrayList<>(posts.size());
    for (int i = 0; i < posts.size(); i++) {
      Document document = document(posts.get(i));
      documents.add(document);
      groups
          .computeIfAbsent(
              document.get(LANGUAGE_FIELD) + "|" + document.get(PLATFORM_FIELD),
              k -> new ArrayList<>())
          .add(i);
    }
    List<List<MatchedSearch>> results = new ArrayList<>(posts.size());
    posts.forEach(p -> results.add(null));
    for (List<Integer> group : groups.values()) {
      Document[] batch = group.stream().map(documents::get).toArray(Document[]::new);
      MultiMatchingQueries<HighlightsMatch> matches;
      try {
        matches = monitor.match(batch, HighlightsMatch.MATCHER);
      } catch (IOException e) {
        throw new UncheckedIOException("matching saved searches failed", e);
      }
      if (!matches.getErrors().isEmpty()) {
        // Silently dropping a failing search would hide incidents; let the caller decide.
        Map.Entry<String, Exception> error = matches.getErrors().entrySet().iterator().next();
        throw new IllegalStateException(
            "saved search '" + error.getKey() + "' failed: " + error.getValue(), error.getValue());
      }
      for (int j = 0; j < group.size(); j++) {
        int index = group.get(j);
        results.set(index, matchedSearches(posts.get(index).getText(), matches.getMatches(j)));
      }
    }
    return results;
  }

  /** Closes the monitor and its analyzers. */
  @Override
  public void close() {
    try {
      monitor.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      closeAnalyzers();
    }
  }

  private void closeAnalyzers() {
    documentAnalyzer.close();
    textAnalyzer.close();
    queryAnalyzer.close();
    surfaceAnalyzer.close();
    filterAnalyzer.close();
  }

  private static String filterValue(Set<String> allowed) {
    return allowed.isEmpty() ? ANY : String.join(" ", allowed);
  }

  private static Document document(EnrichedPost post) {
    Document document = new Document();
    document.add(new TextField(SearchAnalyzer.TEXT_FIELD, post.getText(), Field.Store.NO));
    String lang = post.getLang() == null ? "" : post.getLang().strip().toLowerCase(Locale.ROOT);
    if (!lang.isEmpty() && !lang.equals(UNKNOWN_LANGUAGE)) {
      document.add(new TextField(LANGUAGE_FIELD, lang + " " + ANY, Field.Store.YES));
    }
    document.add(
        new TextField(PLATFORM_FIELD, post.getPlatform().name() + " " + ANY, Field.Store.YES));
    return document;
  }

  private List<MatchedSearch> matchedSearches(String text, Collection<HighlightsMatch> matches) {
    if (matches.isEmpty()) {
      return List.of();
    }
    Map<Integer, String> tokens = tokensByPosition(text);
    List<MatchedSearch> result = new ArrayList<>(matches.size());
    for (HighlightsMatch match : matches) {
      result.add(new MatchedSearch(match.getQueryId(), version, matchedTerms(match, tokens)));
    }
    result.sort(Comparator.comparing(MatchedSearch::getSearchId));
    return result;
  }

  /**
   * The analysed words at the hit positions, in text order and without repeats. A hit spanning
   * several positions (a phrase without per-word sub-matches) becomes one space-joined term.
   * Words are the post's own words at the index positions, lower-cased and folded: a hit on the
   * lemma or compound head of "Verkeersongevallen" reports "verkeersongevallen".
   */
  private static List<String> matchedTerms(HighlightsMatch match, Map<Integer, String> tokens) {
    Set<String> terms = new LinkedHashSet<>();
    new TreeSet<>(match.getHits(SearchAnalyzer.TEXT_FIELD))
        .forEach(
            hit -> {
              StringBuilder term = new StringBuilder();
              for (int pos = hit.startPosition; pos <= hit.endPosition; pos++) {
                String token = tokens.get(pos);
                if (token != null) {
                  term.append(term.length() == 0 ? "" : " ").append(token);
                }
              }
              if (term.length() > 0) {
                terms.add(term.toString());
              }
            });
    return new ArrayList<>(terms);
  }

  private Map<Integer, String> tokensByPosition(String text) {
    Map<Integer, String> tokens = new HashMap<>();
    try (TokenStream stream = surfaceAnalyzer.tokenStream(SearchAnalyzer.TEXT_FIELD, text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
      stream.reset();
      int position = -1;
      while (stream.incrementToken()) {
        position += increment.getPositionIncrement();
        tokens.put(position, term.toString());
      }
      stream.end();
    } catch (IOException e) {
      throw new UncheckedIOException("analysing an in-memory string cannot fail", e);
    }
    return tokens;
  }

  /**
   * The default query index uses a KeywordAnalyzer, which would index a search's metadata
   * "nld eng fra" as one token. Whitespace analysis turns it into the three filter terms the
   * presearcher compares with the document's language.
   */
  private static final class FilterFieldConfiguration extends MonitorConfiguration {
    @Override
    protected IndexWriterConfig getIndexWriterConfig() {
      return new IndexWriterConfig(new WhitespaceAnalyzer());
    }
  }
}
