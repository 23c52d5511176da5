package be.belfort.classify;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MultiPhraseQuery;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.SynonymQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.WildcardQuery;

/**
 * Parses saved-search query strings and judges their cost. Shared by {@link RuleLoader} (which
 * reports problems) and {@link PostClassifier} (which compiles the queries it registers), so a
 * query that loads is exactly the query that runs.
 */
final class SearchQueries {

  static final int MAX_DEPTH = 4;
  /**
   * Leaf terms and phrases per search. A phenomenon in three languages plus Flemish slang needs
   * about 80; the presearcher indexes each term once, so the cost grows linearly.
   */
  static final int MAX_CLAUSES = 256;
  static final int MIN_PREFIX = 3;
  static final int MAX_FUZZY_EDITS = 1;
  /**
   * Parentheses deeper than this are refused before parsing: the query parser recurses once per
   * level, so without a bound a deep query overflows the stack of a Flink task thread (1 MB) while
   * the same query passes {@code rules check} on a main thread (8 MB).
   */
  static final int MAX_PARENTHESES = 16;

  private SearchQueries() {}

  /**
   * A parsed query and everything wrong with it.
   *
   * @param query the parsed query, or null when it does not parse
   * @param problems messages for a rule author; empty when the query is usable
   */
  record Compiled(Query query, List<String> problems) {}

  /** For rule sets without lexicons: every {@code lex:} reference is unknown. */
  static final Function<String, Query> NO_LEXICONS = id -> null;

  /**
   * What {@code lex:<id>} becomes for {@link PostClassifier}: the one term a post carries where it
   * contains an entry ({@link LexiconMatcher}); null for an unknown id.
   */
  static Function<String, Query> lexiconTokens(Set<String> ids) {
    return id -> ids.contains(id) ? new TermQuery(new Term(SearchAnalyzer.TEXT_FIELD, Lexicon.token(id))) : null;
  }

  /**
   * What {@code lex:<id>} becomes for a plain lucene-monitor without lexicon tokens: its entries
   * written out as an OR (in groups that respect Lucene's clause limit); null for an unknown id.
   */
  static Function<String, Query> lexiconsInline(Collection<Lexicon> lexicons, Analyzer analyzer) {
    Map<String, Lexicon> byId = lexicons.stream().collect(Collectors.toMap(Lexicon::id, l -> l));
    // Built once per lexicon, however many searches refer to it (queries are immutable).
    Map<String, Query> built = new HashMap<>();
    return id -> byId.containsKey(id) ? built.computeIfAbsent(id, k -> inline(byId.get(k), analyzer)) : null;
  }

  private static Query inline(Lexicon lexicon, Analyzer analyzer) {
    List<Query> entries = new ArrayList<>();
    for (String term : lexicon.terms()) {
      LexiconMatcher.Entry entry = LexiconMatcher.Entry.parse(term, analyzer);
      if (entry.prefix() != null) {
        entries.add(new PrefixQuery(new Term(SearchAnalyzer.TEXT_FIELD, entry.prefix())));
      } else if (entry.positions().size() == 1) {
        entries.add(new TermQuery(new Term(SearchAnalyzer.TEXT_FIELD, entry.positions().get(0)[0])));
      } else {
        PhraseQuery.Builder phrase = new PhraseQuery.Builder();
        entry.positions().forEach(words -> phrase.add(new Term(SearchAnalyzer.TEXT_FIELD, words[0])));
        entries.add(phrase.build());
      }
    }
    int group = IndexSearcher.getMaxClauseCount() / 2;
    while (entries.size() > 1) {
      List<Query> groups = new ArrayList<>();
      for (int i = 0; i < entries.size(); i += group) {
        BooleanQuery.Builder or = new BooleanQuery.Builder();
        entries.subList(i, Math.min(entries.size(), i + group))
            .forEach(q -> or.add(q, BooleanClause.Occur.SHOULD));
        groups.add(or.build());
      }
      entries = groups;
    }
    return entries.get(0);
  }

  /**
   * Parses a query string and judges its cost: the one gate every saved search passes.
   *
   * @param lexicons what each {@code lex:<id>} reference becomes; null for an unknown id
   */
  static Compiled compile(String queryString, Analyzer analyzer, Function<String, Query> lexicons) {
    int parentheses = parenthesesDepth(queryString);
    if (parentheses > MAX_PARENTHESES) {
      return new Compiled(null, List.of("expensive query: parentheses nested " + parentheses
          + " deep, at most " + MAX_PARENTHESES + " allowed"));
    }
    Query query;
    try {
      query = parse(queryString, analyzer);
    } catch (ParseException e) {
      // The parser wraps the real cause in "Cannot parse '<whole query>': ..."; the cause alone
      // is shorter and the rule author already knows the query.
      Throwable detail = e.getCause() != null ? e.getCause() : e;
      return new Compiled(null, List.of("query does not parse: " + oneLine(detail.getMessage())));
    } catch (RuntimeException | StackOverflowError e) {
      // Hostile input that slips past the checks above fails inside Lucene; it is the rule that is
      // bad, not the loader.
      return new Compiled(null, List.of("query is too complex to compile: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + oneLine(e.getMessage()))));
    }
    List<String> problems = problems(query, lexicons);
    return new Compiled(problems.isEmpty() ? resolve(query, lexicons) : query, problems);
  }

  /** The query with every lexicon reference replaced by what {@code lexicons} makes of it. */
  private static Query resolve(Query query, Function<String, Query> lexicons) {
    if (query instanceof AsWritten written && written.isLexicon()) {
      return lexicons.apply(written.text);
    }
    if (query instanceof BoostQuery boost) {
      return new BoostQuery(resolve(boost.getQuery(), lexicons), boost.getBoost());
    }
    if (query instanceof BooleanQuery bool) {
      BooleanQuery.Builder builder = new BooleanQuery.Builder();
      builder.setMinimumNumberShouldMatch(bool.getMinimumNumberShouldMatch());
      bool.clauses().forEach(c -> builder.add(resolve(c.getQuery(), lexicons), c.getOccur()));
      return builder.build();
    }
    return query;
  }

  /**
   * Parses a query with default field {@link SearchAnalyzer#TEXT_FIELD}.
   *
   * <p>Leading wildcards are refused by the parser because they scan every term. Hyphenated or
   * otherwise split words become phrases ({@code uitslaande-brand} → "uitslaande brand"), not an
   * OR of their parts, which would make {@code brand} alone enough to match.
   */
  private static Query parse(String queryString, Analyzer analyzer) throws ParseException {
    QueryParser parser = new QueryParser(SearchAnalyzer.TEXT_FIELD, analyzer) {
      @Override
      protected Query newRegexpQuery(Term regexp) {
        // Refused anyway; never compiled ("/(.*a){2000}/" has 20,000 alternatives).
        return AsWritten.regexp(regexp);
      }

      @Override
      protected Query getFieldQuery(String field, String queryText, boolean quoted)
          throws ParseException {
        return Lexicon.FIELD.equals(field)
            ? AsWritten.lexicon(queryText)
            : super.getFieldQuery(field, queryText, quoted);
      }
    };
    parser.setAllowLeadingWildcard(false);
    // Whitespace splitting is what makes each unquoted word its own clause, and is a
    // precondition for generating phrases from words the analyzer splits further.
    parser.setSplitOnWhitespace(true);
    parser.setAutoGeneratePhraseQueries(true);
    return parser.parse(queryString);
  }

  /** Reasons why a parsed query is too expensive or cannot work; empty when it is fine. */
  private static List<String> problems(Query query, Function<String, Query> lexicons) {
    Inspector inspector = new Inspector(lexicons);
    inspector.visit(query, 0);
    if (inspector.leaves > MAX_CLAUSES) {
      inspector.problems.add(
          "expensive query: "
              + inspector.leaves
              + " clauses, at most "
              + MAX_CLAUSES
              + " allowed; split the search");
    }
    return inspector.problems;
  }

  /** Deepest nesting of parentheses outside phrases and escapes (unbalanced ones count as open). */
  static int parenthesesDepth(String query) {
    int depth = 0;
    int max = 0;
    boolean quoted = false;
    for (int i = 0; i < query.length(); i++) {
      char c = query.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == '(') {
        max = Math.max(max, ++depth);
      } else if (!quoted && c == ')' && depth > 0) {
        depth--;
      }
    }
    return max;
  }

  private static String oneLine(String message) {
    String flat = message == null ? "unknown parse error" : message.replaceAll("\\s+", " ").trim();
    return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
  }

  /** Walks the query tree once, counting leaves and collecting every problem it meets. */
  private static final class Inspector {
    final List<String> problems = new ArrayList<>();
    final Function<String, Query> lexicons;
    int leaves;
    private boolean depthReported;

    Inspector(Function<String, Query> lexicons) {
      this.lexicons = lexicons;
    }

    void visit(Query query, int depth) {
      if (query instanceof BoostQuery boost) {
        visit(boost.getQuery(), depth);
      } else if (query instanceof BooleanQuery bool) {
        visitBoolean(bool, depth + 1);
      } else {
        leaves++;
        visitLeaf(query);
      }
    }

    private void visitBoolean(BooleanQuery bool, int depth) {
      if (depth > MAX_DEPTH && !depthReported) {
        depthReported = true;
        problems.add(
            "expensive query: nesting depth " + depth + " exceeds " + MAX_DEPTH + " levels");
      }
      boolean positive = false;
      for (BooleanClause clause : bool.clauses()) {
        positive |= clause.getOccur() != BooleanClause.Occur.MUST_NOT;
        visit(clause.getQuery(), depth);
      }
      if (!positive) {
        problems.add("query part '" + oneLine(bool.toString()) + "' has no positive clause and can never match");
      }
    }

    private void visitLeaf(Query query) {
      if (query instanceof AsWritten written && written.isLexicon()) {
        if (lexicons.apply(written.text) == null) {
          problems.add("unknown lexicon '" + written.text + "' in " + written
              + " (no rules/lexicons/*.yaml file has that id)");
        }
      } else if (query instanceof TermQuery term) {
        checkField(term.getTerm().field(), query);
      } else if (query instanceof PhraseQuery phrase) {
        checkField(phrase.getField(), query);
      } else if (query instanceof MultiPhraseQuery multi) {
        checkField(multi.getTermArrays()[0][0].field(), query);
      } else if (query instanceof SynonymQuery synonym) {
        checkField(synonym.getField(), query);
      } else if (query instanceof AsWritten) {
        problems.add("expensive query: regular expression " + oneLine(query.toString()) + " is not allowed");
      } else if (query instanceof FuzzyQuery fuzzy) {
        checkField(fuzzy.getField(), query);
        if (fuzzy.getMaxEdits() > MAX_FUZZY_EDITS) {
          problems.add(
              "expensive query: fuzzy "
                  + query
                  + " allows "
                  + fuzzy.getMaxEdits()
                  + " edits, at most "
                  + MAX_FUZZY_EDITS
                  + " (write term~1)");
        }
      } else if (query instanceof PrefixQuery prefix) {
        checkField(prefix.getField(), query);
        checkPrefix(prefix.getPrefix(), query);
      } else if (query instanceof WildcardQuery wildcard) {
        checkField(wildcard.getField(), query);
        checkPrefix(literalPrefix(wildcard.getTerm()), query);
      } else if (query instanceof MultiTermQuery) {
        problems.add("expensive query: " + query + " (ranges are not supported)");
      } else {
        problems.add("unsupported query part '" + query + "'");
      }
    }

    private void checkField(String field, Query query) {
      if (!SearchAnalyzer.TEXT_FIELD.equals(field)) {
        problems.add(
            "query part '"
                + query
                + "' searches field '"
                + field
                + "'; only the post text is searchable, and lex:NAME names a lexicon (use the"
                + " languages/platforms keys to filter)");
      }
    }

    private void checkPrefix(Term literal, Query query) {
      if (literal.text().length() < MIN_PREFIX) {
        problems.add(
            "expensive query: wildcard "
                + query
                + " needs at least "
                + MIN_PREFIX
                + " letters before the first * or ?");
      }
    }

    private static Term literalPrefix(Term wildcard) {
      return new Term(wildcard.field(), PrefixPresearchHandler.literalPrefix(wildcard.text()));
    }
  }

  /**
   * A query part kept as written and never run: a lexicon reference until {@link #resolve}
   * replaces it, or a regular expression, which only exists to be reported (Lucene would compile
   * the automaton first, which for a hostile one costs seconds or the stack).
   */
  private static final class AsWritten extends Query {
    enum Kind { LEXICON, REGEXP }

    private final Kind kind;
    private final String text;
    private final String printed;

    private AsWritten(Kind kind, String text, String printed) {
      this.kind = kind;
      this.text = text;
      this.printed = printed;
    }

    static AsWritten lexicon(String id) {
      return new AsWritten(Kind.LEXICON, id, Lexicon.FIELD + ":" + id);
    }

    static AsWritten regexp(Term regexp) {
      String field = SearchAnalyzer.TEXT_FIELD.equals(regexp.field()) ? "" : regexp.field() + ":";
      return new AsWritten(Kind.REGEXP, regexp.text(), field + "/" + regexp.text() + "/");
    }

    boolean isLexicon() {
      return kind == Kind.LEXICON;
    }

    @Override
    public String toString(String field) {
      return printed;
    }

    @Override
    public void visit(QueryVisitor visitor) {}

    @Override
    public boolean equals(Object other) {
      return other instanceof AsWritten w && w.printed.equals(printed);
    }

    @Override
    public int hashCode() {
      return printed.hashCode();
    }
  }
}
