package be.belfort.classify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * Finds the entries of every {@link Lexicon} in an analysed post, so that the post carries a
 * lexicon's token ({@link Lexicon#token}) where one of its entries occurs and {@code lex:<id>}
 * matches it as one term.
 *
 * <p>Entries go through the query chain and are compared with the post's word forms exactly as a
 * query term would be: a single word matches any form at a position (the word, its lemmas, its
 * compound heads), several words match consecutive positions (an exact phrase), and a prefix
 * matches any form that starts with it. That keeps {@code lex:x} equivalent to writing x's entries
 * out as an OR inside the query, at the cost of a few hash look-ups per word instead of hundreds of
 * clauses per search.
 */
final class LexiconMatcher {

  static final int MAX_WORDS = 6;
  private static final Pattern QUERY_SYNTAX = Pattern.compile("[\"~?()\\[\\]{}:^\\\\/!]");
  private static final Set<String> OPERATORS = Set.of("AND", "OR", "NOT");

  private final Map<String, String[]> singles = new HashMap<>();
  private final Map<String, List<Phrase>> phrasesByFirst = new HashMap<>();
  /**
   * Prefix entries by their first {@link #minPrefix} characters: one look-up per word form and a few
   * {@code startsWith} checks, instead of a substring and a look-up for every prefix length.
   */
  private final Map<String, Prefix[]> prefixesByStart = new HashMap<>();
  private int minPrefix = Integer.MAX_VALUE;

  private record Phrase(String[][] positions, String token) {}

  private record Prefix(String prefix, String[] tokens) {}

  /**
   * One lexicon entry as the query chain sees it.
   *
   * @param positions the alternatives at each word position (words), or null for a prefix
   * @param prefix the normalised prefix, or null for words
   * @param key what makes two entries the same entry
   * @param problem why the entry is unusable, or null
   */
  record Entry(List<String[]> positions, String prefix, String key, String problem) {

    private static Entry bad(String problem) {
      return new Entry(null, null, null, problem);
    }

    /** Parses one entry as written in a lexicon file; never throws. */
    static Entry parse(String term, Analyzer analyzer) {
      String text = term.strip();
      if (QUERY_SYNTAX.matcher(text).find()) {
        return bad("query syntax is not allowed in an entry; write the words as they are");
      }
      String[] words = text.split("\\s+");
      for (String word : words) {
        if (OPERATORS.contains(word)) {
          return bad("'" + word + "' is a query operator; a lexicon entry is one word or phrase");
        }
      }
      int star = text.indexOf('*');
      if (star >= 0) {
        if (words.length > 1 || star != text.length() - 1) {
          return bad("a * may only end a single word (a prefix such as tabass*)");
        }
        String literal = text.substring(0, star);
        if (!literal.chars().allMatch(Character::isLetterOrDigit)) {
          return bad("a prefix must be letters and digits only");
        }
        String prefix =
            analyzer.normalize(SearchAnalyzer.TEXT_FIELD, literal).utf8ToString();
        if (prefix.length() < SearchQueries.MIN_PREFIX) {
          return bad("a prefix needs at least " + SearchQueries.MIN_PREFIX + " letters before the *");
        }
        return new Entry(null, prefix, prefix + "*", null);
      }
      List<String[]> positions = positions(text, analyzer);
      if (positions.isEmpty()) {
        return bad("contains no word");
      }
      if (positions.size() > MAX_WORDS) {
        return bad(positions.size() + " words, at most " + MAX_WORDS);
      }
      StringBuilder key = new StringBuilder();
      for (String[] alternatives : positions) {
        key.append(key.length() == 0 ? "" : " ").append(alternatives[0]);
      }
      return new Entry(positions, null, key.toString().toLowerCase(Locale.ROOT), null);
    }

    private static List<String[]> positions(String text, Analyzer analyzer) {
      List<List<String>> positions = new ArrayList<>();
      try (TokenStream stream = analyzer.tokenStream(SearchAnalyzer.TEXT_FIELD, text)) {
        CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
        PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
        stream.reset();
        while (stream.incrementToken()) {
          if (increment.getPositionIncrement() > 0 || positions.isEmpty()) {
            positions.add(new ArrayList<>());
          }
          positions.get(positions.size() - 1).add(term.toString());
        }
        stream.end();
      } catch (IOException e) {
        throw new UncheckedIOException("analysing an in-memory string cannot fail", e);
      }
      return positions.stream().map(p -> p.toArray(String[]::new)).toList();
    }
  }

  /**
   * @param lexicons validated lexicons ({@link LexiconLoader})
   * @param analyzer the query chain the entries were validated with
   */
  LexiconMatcher(List<Lexicon> lexicons, Analyzer analyzer) {
    Map<String, Set<String>> singleTokens = new HashMap<>();
    Map<String, Set<String>> prefixTokens = new HashMap<>();
    for (Lexicon lexicon : lexicons) {
      String token = Lexicon.token(lexicon.id());
      for (String term : lexicon.terms()) {
        Entry entry = Entry.parse(term, analyzer);
        if (entry.problem() != null) {
          throw new RuleException(List.of(new RuleProblem(lexicon.sourceFile(), lexicon.line(),
              "lexicon '" + lexicon.id() + "' entry '" + term + "': " + entry.problem())));
        }
        if (entry.prefix() != null) {
          prefixTokens.computeIfAbsent(entry.prefix(), k -> new LinkedHashSet<>()).add(token);
          minPrefix = Math.min(minPrefix, entry.prefix().length());
        } else if (entry.positions().size() == 1) {
          for (String form : entry.positions().get(0)) {
            singleTokens.computeIfAbsent(form, k -> new LinkedHashSet<>()).add(token);
          }
        } else {
          Phrase phrase = new Phrase(entry.positions().toArray(String[][]::new), token);
          for (String form : entry.positions().get(0)) {
            phrasesByFirst.computeIfAbsent(form, k -> new ArrayList<>()).add(phrase);
          }
        }
      }
    }
    singleTokens.forEach((form, tokens) -> singles.put(form, tokens.toArray(String[]::new)));
    Map<String, List<Prefix>> byStart = new HashMap<>();
    prefixTokens.forEach((prefix, tokens) -> byStart.computeIfAbsent(prefix.substring(0, minPrefix), k -> new ArrayList<>())
        .add(new Prefix(prefix, tokens.toArray(String[]::new))));
    byStart.forEach((start, list) -> prefixesByStart.put(start, list.toArray(Prefix[]::new)));
  }

  boolean isEmpty() {
    return singles.isEmpty() && phrasesByFirst.isEmpty() && prefixesByStart.isEmpty();
  }

  /**
   * The lexicon tokens found at one position, added to {@code hits}; returns the last position of
   * the longest phrase found there ({@code position} when none).
   *
   * @param forms the word forms at each position of the post; {@code forms[position]} non-empty
   */
  int find(String[][] forms, int position, Set<String> hits) {
    int end = position;
    for (String form : forms[position]) {
      String[] tokens = singles.get(form);
      if (tokens != null) {
        Collections.addAll(hits, tokens);
      }
      Prefix[] candidates = form.length() < minPrefix ? null : prefixesByStart.get(form.substring(0, minPrefix));
      if (candidates != null) {
        for (Prefix candidate : candidates) {
          if (form.startsWith(candidate.prefix())) {
            Collections.addAll(hits, candidate.tokens());
          }
        }
      }
      List<Phrase> phrases = phrasesByFirst.get(form);
      if (phrases != null) {
        for (Phrase phrase : phrases) {
          if (follows(phrase, forms, position)) {
            hits.add(phrase.token());
            end = Math.max(end, position + phrase.positions().length - 1);
          }
        }
      }
    }
    return end;
  }

  private static boolean follows(Phrase phrase, String[][] forms, int position) {
    String[][] wanted = phrase.positions();
    if (position + wanted.length > forms.length) {
      return false;
    }
    for (int i = 1; i < wanted.length; i++) {
      if (!anyShared(wanted[i], forms[position + i])) {
        return false;
      }
    }
    return true;
  }

  private static boolean anyShared(String[] wanted, String[] present) {
    for (String w : wanted) {
      for (String p : present) {
        if (w.equals(p)) {
          return true;
        }
      }
    }
    return false;
  }
}
