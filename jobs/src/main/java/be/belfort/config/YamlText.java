package be.belfort.config;

import java.io.StringReader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Parses a rules file to SnakeYAML's node tree, which keeps line numbers, so every problem a loader
 * finds later can name its line. Syntax errors are reported, not thrown.
 */
public final class YamlText {
    private YamlText() {}

    /** Receives a 1-based line (0 when unknown) and a message. */
    @FunctionalInterface
    public interface Problems {
        void add(int line, String message);
    }

    /** The document's root node; null for an empty document or after reporting a syntax error. */
    public static Node compose(String text, Problems problems) {
        try {
            return new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            problems.add(mark == null ? 0 : mark.getLine() + 1, "YAML syntax error: " + e.getProblem());
        } catch (YAMLException e) {
            problems.add(0, "YAML error: " + e.getMessage());
        }
        return null;
    }
}
