package be.belfort.classify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashSet;
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

  private AnalyzedText() {}

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
