package be.belfort.classify;

import be.belfort.schema.EnrichedPost;
import be.belfort.schema.MatchedSearch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.monitor.HighlightsMatch;
import org.apache.lucene.monitor.Monitor;
import org.apache.lucene.monitor.MonitorQuery;
import org.apache.lucene.monitor.MultiMatchingQueries;
import org.apache.lucene.monitor.TermFilteredPresearcher;

/**
 * Matches posts against the saved searches of a {@link RuleSet} with lucene-monitor.
 *
 * <p>Each search is one {@link MonitorQuery}. Its languages and platforms travel as metadata,
 * never inside the query text, and are checked per post after matching: a search with no
 * restriction applies to every post, and a post whose language is unknown ({@code und}, blank) is
 * checked against every search, because a failed language guess on a short post must not hide it.
 *
 * <p>Not lucene-monitor's filter fields: they require every document of a batch to carry the same
 * values, which cuts a batch of 64 mixed posts into some twenty tiny ones (seven platforms times
 * three languages) and loses most of what batching gains. The presearcher's term filter already
 * keeps the candidates to searches sharing a word with the batch; the metadata check is a set
 * look-up per match.
 *
 * <p>Not thread-safe and not serializable: build one per Flink subtask in {@code open()} and
 * {@link #close()} it in {@code close()} (the monitor owns a purge thread).
 */
public final class PostClassifier implements AutoCloseable {

  static final String LANGUAGE_KEY = "language";
  static final String PLATFORM_KEY = "platform";

  private static final String UNKNOWN_LANGUAGE = "und";

  private final String version;
  private final Map<String, SavedSearch> searchesById = new HashMap<>();
  private final Analyzer queryAnalyzer = new SearchAnalyzer(SearchAnalyzer.Side.QUERY);
  private final Analyzer textAnalyzer = new SearchAnalyzer(SearchAnalyzer.Side.DOCUMENT);
  private final Analyzer surfaceAnalyzer = new SearchAnalyzer(SearchAnalyzer.Side.SURFACE);
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
      searchesById.put(search.id(), search);
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
                    LANGUAGE_KEY, String.join(" ", search.languages()),
                    PLATFORM_KEY, String.join(" ", search.platforms()))));
      }
    }
    if (!problems.isEmpty()) {
      closeAnalyzers();
      throw new RuleException(problems);
    }
    try {
      this.monitor =
          new Monitor(
              textAnalyzer,
              new TermFilteredPresearcher(
                  TermFilteredPresearcher.DEFAULT_WEIGHTOR,
                  List.of(new PrefixPresearchHandler()),
                  Set.of()));
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
   * Classifies several posts in one monitor call; result {@code i} belongs to post {@code i} and
   * equals {@code classify(posts.get(i))}.
   */
  public List<List<MatchedSearch>> classifyBatch(List<EnrichedPost> posts) {
    if (posts.isEmpty()) {
      return List.of();
    }
    Document[] batch = new Document[posts.size()];
    for (int i = 0; i < batch.length; i++) {
      batch[i] = new Document();
      batch[i].add(new TextField(SearchAnalyzer.TEXT_FIELD, posts.get(i).getText(), Field.Store.NO));
    }
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
    List<List<MatchedSearch>> results = new ArrayList<>(posts.size());
    for (int i = 0; i < batch.length; i++) {
      EnrichedPost post = posts.get(i);
      List<HighlightsMatch> applicable = new ArrayList<>();
      for (HighlightsMatch match : matches.getMatches(i)) {
        if (applies(searchesById.get(match.getQueryId()), post)) {
          applicable.add(match);
        }
      }
      results.add(matchedSearches(post.getText(), applicable));
    }
    return results;
  }

  /** Whether a search's languages and platforms admit the post (empty sets admit everything). */
  private static boolean applies(SavedSearch search, EnrichedPost post) {
    String lang = post.getLang() == null ? "" : post.getLang().strip().toLowerCase(Locale.ROOT);
    boolean languageOk =
        search.languages().isEmpty()
            || lang.isEmpty()
            || lang.equals(UNKNOWN_LANGUAGE)
            || search.languages().contains(lang);
    return languageOk
        && (search.platforms().isEmpty()
            || search.platforms().contains(post.getPlatform().name()));
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
    textAnalyzer.close();
    queryAnalyzer.close();
    surfaceAnalyzer.close();
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
}
