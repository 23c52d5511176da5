package be.belfort.classify;

import be.belfort.schema.EnrichedPost;
import be.belfort.schema.MatchedSearch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.monitor.Monitor;
import org.apache.lucene.monitor.MonitorQuery;
import org.apache.lucene.monitor.MultiMatchingQueries;
import org.apache.lucene.monitor.QueryMatch;
import org.apache.lucene.monitor.TermFilteredPresearcher;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Matches;
import org.apache.lucene.search.MatchesIterator;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.util.BytesRef;

/**
 * Matches posts against the saved searches of a {@link RuleSet} with lucene-monitor.
 *
 * <p>Each search is one {@link MonitorQuery}, registered as its wider and cheaper candidate query
 * ({@link CandidateQueries}); the full query decides per post ({@link #classifyBatch}). Its
 * languages and platforms travel as metadata,
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

  /** Post text in the monitor's batch index: positions for phrases, no norms (nothing is scored). */
  private static final FieldType BATCH_TEXT = new FieldType(TextField.TYPE_NOT_STORED);

  static {
    BATCH_TEXT.setOmitNorms(true);
    BATCH_TEXT.freeze();
  }

  private final String version;
  private final Map<String, SavedSearch> searchesById = new HashMap<>();
  private final Map<String, Query> queriesById = new HashMap<>();
  private final Analyzer queryAnalyzer = new SearchAnalyzer(SearchAnalyzer.Side.QUERY);
  private final Analyzer textAnalyzer = new SearchAnalyzer(SearchAnalyzer.Side.DOCUMENT);
  private final LexiconMatcher lexicons;
  private final Monitor monitor;

  /**
   * Compiles and registers every search of the rule set.
   *
   * @throws RuleException when a search does not compile (only possible for a rule set that did
   *     not come from {@link RuleLoader}, which already checks this)
   */
  public PostClassifier(RuleSet rules) {
    this.version = rules.version();
    this.lexicons = new LexiconMatcher(rules.lexicons(), queryAnalyzer);
    Function<String, Query> lexiconRefs = SearchQueries.lexiconTokens(
        rules.lexicons().stream().map(Lexicon::id).collect(Collectors.toSet()));
    List<MonitorQuery> queries = new ArrayList<>();
    List<RuleProblem> problems = new ArrayList<>();
    for (SavedSearch search : rules.searches()) {
      searchesById.put(search.id(), search);
      SearchQueries.Compiled compiled = SearchQueries.compile(search.query(), queryAnalyzer, lexiconRefs);
      compiled
          .problems()
          .forEach(p -> problems.add(new RuleProblem(search.sourceFile(), search.line(), p)));
      if (compiled.problems().isEmpty()) {
        queriesById.put(search.id(), prepared(compiled.query()));
        queries.add(
            new MonitorQuery(
                search.id(),
                CandidateQueries.of(compiled.query()),
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
                  List.of(new PrefixPresearchHandler(), new CandidateQueries.WordSetHandler()),
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
   *
   * <p>Each text is analysed once ({@link AnalyzedText}) and then goes through two phases: the
   * monitor says which searches may match which post (its cheapest matcher, a wider and cheaper
   * query per search, and for a batch an index of all posts at once); the full query then decides,
   * and the matched words are worked out, for those (post, search) pairs alone, on a one-post
   * index. Highlighting inside the monitor would do that work for every candidate search on the
   * batch index, which costs more than the matching itself.
   */
  public List<List<MatchedSearch>> classifyBatch(List<EnrichedPost> posts) {
    if (posts.isEmpty()) {
      return List.of();
    }
    AnalyzedText[] analyzed = new AnalyzedText[posts.size()];
    List<Set<BytesRef>> words = new ArrayList<>(posts.size());
    Set<BytesRef> batchWords = new HashSet<>();
    Document[] batch = new Document[posts.size()];
    for (int i = 0; i < batch.length; i++) {
      analyzed[i] = AnalyzedText.analyze(textAnalyzer, posts.get(i).getText(), lexicons);
      words.add(analyzed[i].words());
      batchWords.addAll(words.get(i));
      batch[i] = new Document();
      batch[i].add(new Field(SearchAnalyzer.TEXT_FIELD, analyzed[i].tokens(), BATCH_TEXT));
    }
    MultiMatchingQueries<QueryMatch> matches;
    try {
      matches = monitor.match(batch, PrunedMatcher.forBatch(batchWords));
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
      List<String> ids = new ArrayList<>();
      for (QueryMatch match : matches.getMatches(i)) {
        if (applies(searchesById.get(match.getQueryId()), post)) {
          ids.add(match.getQueryId());
        }
      }
      results.add(ids.isEmpty() ? List.of() : matchedSearches(analyzed[i], words.get(i), ids));
    }
    return results;
  }

  /**
   * A search's full query, rewritten once here rather than for every candidate post. Only its
   * wildcard and fuzzy parts depend on the post's words; they are rewritten on their own against
   * each post ({@link PerIndexRewrite}), which spares rewriting the whole tree of a large search
   * (a hundred-odd clauses, each hashed several times) per post.
   */
  static Query prepared(Query query) {
    try {
      return new IndexSearcher(new MultiReader()).rewrite(PerIndexRewrite.wrapMultiTermParts(query));
    } catch (IOException e) {
      throw new UncheckedIOException("rewriting against an empty reader cannot fail", e);
    }
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
    close(monitor, textAnalyzer, queryAnalyzer);
  }

  /** Closes a monitor (it owns a purge thread), then the analyzers, even when the monitor fails to. */
  static void close(Monitor monitor, Analyzer... analyzers) {
    try {
      monitor.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (Analyzer analyzer : analyzers) {
        analyzer.close();
      }
    }
  }

  private void closeAnalyzers() {
    textAnalyzer.close();
    queryAnalyzer.close();
  }

  /**
   * The candidate searches whose full query matches the post, each with its matched words. The
   * monitor only ran a wider query ({@link CandidateQueries}); each full query is first cut down to
   * the parts the post's words allow ({@link TermPruning}), and only what is left is run.
   */
  private List<MatchedSearch> matchedSearches(
      AnalyzedText text, Set<BytesRef> words, List<String> candidateIds) {
    IndexSearcher searcher = null;
    LeafReaderContext leaf = null;
    String[] surface = null;
    List<MatchedSearch> result = new ArrayList<>(candidateIds.size());
    try {
      for (String id : candidateIds) {
        Query query = TermPruning.prune(queriesById.get(id), words);
        if (query == null) {
          continue; // a word the query requires is missing
        }
        if (searcher == null) {
          MemoryIndex index = new MemoryIndex();
          index.addField(SearchAnalyzer.TEXT_FIELD, text.tokens());
          searcher = index.createSearcher();
          leaf = searcher.getIndexReader().leaves().get(0);
        }
        Matches matches =
            searcher.createWeight(query, ScoreMode.COMPLETE_NO_SCORES, 1f).matches(leaf, 0);
        if (matches == null) {
          continue; // an exclusion applies, or a phrase's words are not in order
        }
        if (surface == null) {
          surface = text.surfaceByPosition();
        }
        result.add(new MatchedSearch(id, version, matchedTerms(matches, text, surface)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("a one-post in-memory index cannot fail", e);
    }
    result.sort(Comparator.comparing(MatchedSearch::getSearchId));
    return result;
  }

  /**
   * The post's words at the hit positions, in text order and without repeats. A hit spanning
   * several positions (a phrase) becomes one space-joined term. Words are the post's own words at
   * the index positions, lower-cased and folded: a hit on the lemma or compound head of
   * "Verkeersongevallen" reports "verkeersongevallen".
   */
  private static List<String> matchedTerms(Matches matches, AnalyzedText text, String[] surface)
      throws IOException {
    MatchesIterator hits = matches.getMatches(SearchAnalyzer.TEXT_FIELD);
    if (hits == null) {
      return List.of();
    }
    // start position -> end position; sorted so terms come in text order
    TreeMap<Integer, Integer> spans = new TreeMap<>();
    while (hits.next()) {
      // A hit on a lexicon phrase lies on its first word; report the whole phrase.
      int end = Math.max(hits.endPosition(), text.spanEnd(hits.startPosition()));
      spans.merge(hits.startPosition(), end, Math::max);
    }
    Set<String> terms = new LinkedHashSet<>();
    spans.forEach(
        (start, end) -> {
          StringBuilder term = new StringBuilder();
          for (int pos = start; pos <= end && pos < surface.length; pos++) {
            String token = surface[pos];
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
}
