package be.belfort.classify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.util.BytesRef;

/**
 * A post text run once through the document chain ({@link SearchAnalyzer.Side#DOCUMENT}) and
 * replayable as often as needed: into the monitor's batch index, into the one-post index that
 * decides the full query and works out matched words, and as the surface word at each position.
 * Analysis (Unicode word breaks, dictionary word forms) is the dearest per-post step of matching;
 * each of those consumers used to run it again.
 *
 * <p>The surface words need no second chain: the document chain emits the word as written (lower
 * case, folded) first at each position and its extra forms after it at the same position, so the
 * tokens with a position increment are exactly what the {@link SearchAnalyzer.Side#SURFACE} chain
 * gives.
 */
final class AnalyzedText {
  private String[] terms = new String[16];
  private int[] increments = new int[16];
  private int[] starts = new int[16];
  private int[] ends = new int[16];
  private int size;
  /** Last position of a lexicon phrase found at each position, or null when there is none. */
  private int[] spanEnds;

  private AnalyzedText() {}

  /**
   * Runs {@code text} through {@code analyzer}'s chain once and adds, at each position, the token of
   * every lexicon with an entry there ({@link LexiconMatcher}), after the position's word forms.
   */
  static AnalyzedText analyze(Analyzer analyzer, String text, LexiconMatcher lexicons) {
    AnalyzedText words = analyze(analyzer, text);
    return lexicons.isEmpty() || words.size == 0 ? words : words.withLexicons(lexicons);
  }

  private AnalyzedText withLexicons(LexiconMatcher lexicons) {
    // Positions as the index sees them (a dropped URL leaves a gap), each with its word forms.
    int positions = 0;
    for (int i = 0; i < size; i++) {
      positions += increments[i];
    }
    String[][] forms = new String[positions][];
    int[] firstToken = new int[positions];
    int[] lastToken = new int[positions];
    Arrays.fill(forms, new String[0]);
    for (int i = 0, position = -1; i < size; i++) {
      if (increments[i] > 0) {
        position += increments[i];
        firstToken[position] = i;
        int next = i + 1;
        while (next < size && increments[next] == 0) {
          next++;
        }
        forms[position] = Arrays.copyOfRange(terms, i, next);
        lastToken[position] = next - 1;
      }
    }
    AnalyzedText annotated = new AnalyzedText();
    Set<String> hits = new LinkedHashSet<>();
    for (int p = 0; p < positions; p++) {
      if (forms[p].length == 0) {
        continue;
      }
      for (int i = firstToken[p]; i <= lastToken[p]; i++) {
        annotated.add(terms[i], increments[i], starts[i], ends[i]);
      }
      hits.clear();
      int end = lexicons.find(forms, p, hits);
      for (String hit : hits) {
        annotated.add(hit, 0, starts[firstToken[p]], ends[lastToken[end]]);
      }
      if (end > p) {
        if (annotated.spanEnds == null) {
          annotated.spanEnds = new int[positions];
          Arrays.setAll(annotated.spanEnds, q -> q);
        }
        annotated.spanEnds[p] = end;
      }
    }
    return annotated;
  }

  /**
   * The last position a hit starting at {@code position} covers: the end of a lexicon phrase found
   * there, so that a match on {@code lex:x} reports all of the phrase's words; else
   * {@code position}.
   */
  int spanEnd(int position) {
    return spanEnds == null || position >= spanEnds.length ? position : spanEnds[position];
  }

  /** Runs {@code text} through {@code analyzer}'s chain for the post text field once. */
  static AnalyzedText analyze(Analyzer analyzer, String text) {
    AnalyzedText analyzed = new AnalyzedText();
    try (TokenStream stream = analyzer.tokenStream(SearchAnalyzer.TEXT_FIELD, text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
      OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        analyzed.add(term.toString(), increment.getPositionIncrement(), offset.startOffset(), offset.endOffset());
      }
      stream.end();
    } catch (IOException e) {
      throw new UncheckedIOException("analysing an in-memory string cannot fail", e);
    }
    return analyzed;
  }

  private void add(String term, int increment, int start, int end) {
    if (size == terms.length) {
      int capacity = size * 2;
      terms = Arrays.copyOf(terms, capacity);
      increments = Arrays.copyOf(increments, capacity);
      starts = Arrays.copyOf(starts, capacity);
      ends = Arrays.copyOf(ends, capacity);
    }
    terms[size] = term;
    increments[size] = increment;
    starts[size] = start;
    ends[size] = end;
    size++;
  }

  /** Every distinct token, word forms included, as the index bytes an index of this text holds. */
  Set<BytesRef> words() {
    Set<BytesRef> words = new HashSet<>(size * 2);
    for (int i = 0; i < size; i++) {
      words.add(new BytesRef(terms[i]));
    }
    return words;
  }

  /** A fresh stream over the tokens, as the analyzer produced them; each consumer needs its own. */
  TokenStream tokens() {
    return new Replay();
  }

  /**
   * The word as written (lower case, folded) at each position; {@code null} where a dropped token
   * (a URL, an e-mail address) left a gap.
   */
  String[] surfaceByPosition() {
    int positions = 0;
    for (int i = 0; i < size; i++) {
      positions += increments[i];
    }
    String[] surface = new String[positions];
    int position = -1;
    for (int i = 0; i < size; i++) {
      if (increments[i] > 0) {
        position += increments[i];
        surface[position] = terms[i];
      }
    }
    return surface;
  }

  private final class Replay extends TokenStream {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final PositionIncrementAttribute increment = addAttribute(PositionIncrementAttribute.class);
    private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
    private int next;

    @Override
    public boolean incrementToken() {
      if (next == size) {
        return false;
      }
      clearAttributes();
      term.append(terms[next]);
      increment.setPositionIncrement(increments[next]);
      offset.setOffset(starts[next], ends[next]);
      next++;
      return true;
    }

    @Override
    public void reset() throws IOException {
      super.reset();
      next = 0;
    }
  }
}
