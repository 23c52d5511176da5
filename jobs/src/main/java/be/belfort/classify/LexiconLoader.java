package be.belfort.classify;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Loads and validates the lexicons in {@code <rulesDir>/lexicons/*.yaml}, one per file (format:
 * {@code rules/lexicons/README.md}). Every problem is recorded as {@code file:line: message}, never
 * thrown, so that {@link RuleLoader} reports them together with the searches' problems.
 */
final class LexiconLoader {

  static final String LEXICONS_DIR = "lexicons";
  static final List<String> KEYS = List.of("id", "label", "terms");
  static final int MAX_TERMS = 5000;

  private LexiconLoader() {}

  /**
   * @param rulesDir the rules root; a missing {@code lexicons} folder means no lexicons
   * @param analyzer the query chain, which every entry must survive with at least one word
   * @param declared receives the id of every lexicon file that names one, with problems or not
   * @return the lexicons without problems, in file order
   */
  static List<Lexicon> load(
      Path rulesDir, Analyzer analyzer, Set<String> declared, List<RuleProblem> problems) {
    Path dir = rulesDir.resolve(LEXICONS_DIR);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Lexicon> lexicons = new ArrayList<>();
    Map<String, Lexicon> byId = new HashMap<>();
    for (Path file : RuleLoader.yamlFiles(dir, problems)) {
      RuleYaml yaml = new RuleYaml(file.toString(), analyzer, SearchQueries.NO_LEXICONS, problems);
      MappingNode root = yaml.root(RuleLoader.read(file, problems), "one lexicon", KEYS);
      Lexicon lexicon = root == null ? null : lexicon(yaml, root, analyzer, declared);
      if (lexicon == null) {
        continue;
      }
      Lexicon first = byId.putIfAbsent(lexicon.id(), lexicon);
      if (first != null) {
        yaml.problem(lexicon.line(), "duplicate lexicon id '" + lexicon.id() + "', also defined in "
            + first.sourceFile() + ":" + first.line());
      } else {
        lexicons.add(lexicon);
      }
    }
    return lexicons;
  }

  private static Lexicon lexicon(
      RuleYaml yaml, MappingNode mapping, Analyzer analyzer, Set<String> declared) {
    int problemsBefore = yaml.problemCount();
    Map<String, Node> values = yaml.entries(mapping, KEYS, KEYS);
    String id = yaml.id(values.get("id"));
    if (id != null) {
      declared.add(id);
    }
    String label = yaml.text(values.get("label"), "label");
    List<String> terms = new ArrayList<>();
    Node termsNode = values.get("terms");
    if (termsNode != null) {
      List<Node> items = yaml.items(termsNode, "terms");
      Map<String, Integer> seen = new HashMap<>();
      for (Node item : items) {
        String term = yaml.text(item, "terms item");
        if (term == null) {
          continue;
        }
        int line = RuleYaml.line(item);
        LexiconMatcher.Entry entry = LexiconMatcher.Entry.parse(term, analyzer);
        if (entry.problem() != null) {
          yaml.problem(line, "entry '" + term + "': " + entry.problem());
          continue;
        }
        Integer earlier = seen.putIfAbsent(entry.key(), line);
        if (earlier != null) {
          yaml.problem(line, "duplicate entry '" + term + "', also on line " + earlier);
          continue;
        }
        terms.add(term);
      }
      if (items.isEmpty() && termsNode instanceof SequenceNode) {
        yaml.problem(RuleYaml.line(termsNode), "'terms' must list at least one entry");
      } else if (items.size() > MAX_TERMS) {
        yaml.problem(RuleYaml.line(termsNode), "expensive lexicon: " + items.size()
            + " entries, at most " + MAX_TERMS + " allowed; split it");
      }
    }
    if (yaml.problemCount() > problemsBefore) {
      return null;
    }
    return new Lexicon(id, label, terms, yaml.file(), RuleYaml.line(mapping));
  }
}
