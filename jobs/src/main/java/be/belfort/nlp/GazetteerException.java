package be.belfort.nlp;

import java.util.List;

/**
 * The gazetteer files could not be loaded. Every problem is one line {@code file:line: message}
 * (or {@code file: message} when no line applies), so an editor can jump to it.
 */
public final class GazetteerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    GazetteerException(List<String> problems) {
        super(problems.size() == 1 ? problems.get(0)
                : problems.size() + " problems in gazetteer:\n" + String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    /** @return all problems found, each formatted as {@code file:line: message} */
    public List<String> problems() {
        return problems;
    }
}
