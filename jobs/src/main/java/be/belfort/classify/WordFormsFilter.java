package be.belfort.classify;

import java.io.IOException;
import java.util.function.Function;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * Emits each token unchanged, then its related forms (lemmas, compound head) as extra tokens at the
 * same position (position increment 0), like synonyms. The surface token always comes first, so the
 * first token at a position is the word as written: that is what matched-term reports show, and
 * phrase queries keep working because positions do not move.
 */
final class WordFormsFilter extends TokenFilter {
    private final Function<String, String[]> forms;
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final PositionIncrementAttribute increment = addAttribute(PositionIncrementAttribute.class);
    private String[] pending;
    private int next;
    private State surface;

    /**
     * @param input lower-cased tokens, diacritics intact (the dictionary needs them)
     * @param forms the extra forms of a word, never including the word itself
     */
    WordFormsFilter(TokenStream input, Function<String, String[]> forms) {
        super(input);
        this.forms = forms;
    }

    @Override
    public boolean incrementToken() throws IOException {
        if (pending != null && next < pending.length) {
            restoreState(surface);
            term.setEmpty().append(pending[next++]);
            increment.setPositionIncrement(0);
            return true;
        }
        if (!input.incrementToken()) {
            return false;
        }
        pending = forms.apply(term.toString());
        next = 0;
        if (pending.length > 0) {
            surface = captureState();
        }
        return true;
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        pending = null;
        surface = null;
    }
}
