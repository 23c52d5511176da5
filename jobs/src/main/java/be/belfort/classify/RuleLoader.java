package be.belfort.classify;

import be.belfort.schema.Platform;
import be.belfort.schema.Severity;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.lucene.analysis.Analyzer;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Loads and validates the saved searches in {@code <rulesDir>/phenomena/*.yaml}, one search per
 * file (format: {@code rules/phenomena/README.md}).
 *
 * <p>YAML is read through SnakeYAML's node API rather than bound to objects so that every
 * problem can point at the line of the offending key or value. All files are checked completely
 * before failing: a rule author fixing a broken deployment sees every problem at once.
 */
public final class RuleLoader {

  static final String PHENOMENA_DIR = "phenomena";

  private static final Pattern ID = Pattern.compile("[a-z0-9-]+");
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{3}");
  private static final int MAX_RETENTION_DAYS = 3650;
  private static final List<String> KEYS =
      List.of(
          "id",
          "label",
          "query",
          "languages",
          "platforms",
          "severity",
          "purpose",
          "retention_days");
  private static final Set<String> SEVERITIES =
      Arrays.stream(Severity.values()).map(Severity::name).collect(Collectors.toSet());
  private static final Set<String> PLATFORMS =
      Arrays.stream(Platform.values()).map(Platform::name).collect(Collectors.toSet());

  private RuleLoader() {}

  /**
   * @param rulesDir the rules root; searches are read from its {@code phenomena} subdirectory
   * @return the validated searches
   * @throws RuleException listing every problem in every file
   */
  public static RuleSet load(Path rulesDir) {
    Path dir = rulesDir.resolve(PHENOMENA_DIR);
    if (!Files.isDirectory(dir)) {
      throw new RuleException(List.of(new RuleProblem(dir.toString(), 0, "not a directory")));
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir, "*.yaml")) {
      listing.forEach(files::add);
    } catch (IOException e) {
      throw new RuleException(
          List.of(new RuleProblem(dir.toString(), 0, "cannot list directory: " + e.getMessage())));
    }
    files.sort(Comparator.comparing(Path::toString));

    List<RuleProblem> problems = new ArrayList<>();
    List<SavedSearch> searches = new ArrayList<>();
    Map<String, SavedSearch> byId = new HashMap<>();
    try (Analyzer analyzer = new SearchAnalyzer(SearchAnalyzer.Side.QUERY)) {
      for (Path file : files) {
        FileParser parser = new FileParser(file.toString(), analyzer, problems);
        SavedSearch search = parser.parse(read(file, problems));
        if (search == null) {
          continue;
        }
        SavedSearch first = byId.putIfAbsent(search.id(), search);
        if (first != null) {
          problems.add(
              new RuleProblem(
                  search.sourceFile(),
                  search.line(),
                  "duplicate id '"
                      + search.id()
                      + "', also defined in "
                      + first.sourceFile()
                      + ":"
                      + first.line()));
        } else {
          searches.add(search);
        }
      }
    }
    if (files.isEmpty()) {
      problems.add(new RuleProblem(dir.toString(), 0, "no saved searches (*.yaml) found"));
    }
    if (!problems.isEmpty()) {
      problems.sort(Comparator.comparing(RuleProblem::file).thenComparingInt(RuleProblem::line));
      throw new RuleException(problems);
    }
    return new RuleSet(searches);
  }

  /** Reads a file as strict UTF-8; returns null (and records why) when that is impossible. */
  private static String read(Path file, List<RuleProblem> problems) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
          .toString();
    } catch (CharacterCodingException e) {
      problems.add(new RuleProblem(file.toString(), 0, "not valid UTF-8"));
    } catch (IOException e) {
      problems.add(new RuleProblem(file.toString(), 0, "cannot read: " + e.getMessage()));
    }
    return null;
  }

  /** Turns one file's YAML into a search, recording each problem against this file. */
  private static final class FileParser {
    private final String file;
    private final Analyzer analyzer;
    private final List<RuleProblem> problems;

    FileParser(String file, Analyzer analyzer, List<RuleProblem> problems) {
      this.file = file;
      this.analyzer = analyzer;
      this.problems = problems;
    }

    /** @return the search, or null when the file has any problem */
    SavedSearch parse(String text) {
      if (text == null) {
        return null;
      }
      int problemsBefore = problems.size();
      Node root;
      try {
        root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
      } catch (MarkedYAMLException e) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        problem(mark == null ? 0 : mark.getLine() + 1, "YAML syntax error: " + e.getProblem());
        return null;
      } catch (YAMLException e) {
        problem(0, "YAML error: " + e.getMessage());
        return null;
      }
      if (root == null) {
        problem(1, "empty file; expected one saved search with keys " + KEYS);
        return null;
      }
      if (!(root instanceof MappingNode mapping)) {
        problem(line(root), "expected a mapping with keys " + KEYS);
        return null;
      }
      Map<String, Node> values = entries(mapping);
      for (String key : KEYS) {
        if (!values.containsKey(key)) {
          problem(line(mapping), "missing key '" + key + "'");
        }
      }
      String id = text(values.get("id"), "id");
      if (id != null && !ID.matcher(id).matches()) {
        problem(line(values.get("id")), "id '" + id + "' must match [a-z0-9-]+");
      }
      String label = text(values.get("label"), "label");
      String query = query(values.get("query"));
      Set<String> languages =
          list(
              values.get("languages"),
              "languages",
              code -> LANGUAGE.matcher(code).matches(),
              "an ISO 639-3 code such as nld");
      Set<String> platforms =
          list(values.get("platforms"), "platforms", PLATFORMS::contains, "one of " + PLATFORMS);
      Severity severity = severity(values.get("severity"));
      String purpose = text(values.get("purpose"), "purpose");
      int retention = retentionDays(values.get("retention_days"));
      if (problems.size() > problemsBefore) {
        return null;
      }
      return new SavedSearch(
          id,
          label,
          query,
          languages,
          platforms,
          severity,
          purpose,
          retention,
          file,
          line(mapping));
    }

    /** Keys in file order; unknown and repeated keys are problems, not silently ignored. */
    private Map<String, Node> entries(MappingNode mapping) {
      Map<String, Node> values = new LinkedHashMap<>();
      for (NodeTuple tuple : mapping.getValue()) {
        Node keyNode = tuple.getKeyNode();
        if (!(keyNode instanceof ScalarNode scalar)) {
          problem(line(keyNode), "keys must be plain words");
          continue;
        }
        String key = scalar.getValue();
        if (!KEYS.contains(key)) {
          problem(line(keyNode), "unknown key '" + key + "'; known keys are " + KEYS);
        } else if (values.putIfAbsent(key, tuple.getValueNode()) != null) {
          problem(line(keyNode), "duplicate key '" + key + "'");
        }
      }
      return values;
    }

    /**
     * A non-empty scalar. Numbers and booleans are accepted as written ({@code label: 112}) since
     * the node keeps the original text; null, lists and mappings are not.
     */
    private String text(Node node, String key) {
      if (node == null) {
        return null;
      }
      if (!(node instanceof ScalarNode scalar) || node.getTag().equals(Tag.NULL)) {
        problem(line(node), "'" + key + "' must be a text, found " + kind(node));
        return null;
      }
      String value = scalar.getValue().strip();
      if (value.isEmpty()) {
        problem(line(node), "'" + key + "' must not be empty");
        return null;
      }
      return value;
    }

    private String query(Node node) {
      String query = text(node, "query");
      if (query == null) {
        return null;
      }
      SearchQueries.compile(query, analyzer).problems().forEach(m -> problem(line(node), m));
      return query;
    }

    private Set<String> list(
        Node node, String key, Predicate<String> valid, String expected) {
      if (node == null) {
        return Set.of();
      }
      if (!(node instanceof SequenceNode sequence)) {
        problem(line(node), "'" + key + "' must be a list such as [a, b] or [], found " + kind(node));
        return Set.of();
      }
      Set<String> values = new LinkedHashSet<>();
      for (Node item : sequence.getValue()) {
        String value = text(item, key + " item");
        if (value == null) {
          continue;
        }
        if (!valid.test(value)) {
          problem(line(item), "'" + value + "' in " + key + " is not " + expected);
        } else {
          values.add(value);
        }
      }
      return values;
    }

    private Severity severity(Node node) {
      String value = text(node, "severity");
      if (value == null) {
        return null;
      }
      if (!SEVERITIES.contains(value)) {
        problem(
            line(node),
            "bad severity '" + value + "'; use one of low, medium, high, critical");
        return null;
      }
      return Severity.valueOf(value);
    }

    private int retentionDays(Node node) {
      if (node == null) {
        return 0;
      }
      if (!(node instanceof ScalarNode scalar) || !node.getTag().equals(Tag.INT)) {
        problem(line(node), "'retention_days' must be a whole number of days, found " + kind(node));
        return 0;
      }
      int days;
      try {
        days = Integer.parseInt(scalar.getValue().replace("_", ""));
      } catch (NumberFormatException e) {
        days = -1;
      }
      if (days < 1 || days > MAX_RETENTION_DAYS) {
        problem(
            line(node),
            "'retention_days' must be between 1 and " + MAX_RETENTION_DAYS + ", found "
                + scalar.getValue());
      }
      return days;
    }

    private static String kind(Node node) {
      if (node instanceof SequenceNode) {
        return "a list";
      }
      if (node instanceof MappingNode) {
        return "a mapping";
      }
      if (node.getTag().equals(Tag.NULL)) {
        return "no value";
      }
      return "'" + ((ScalarNode) node).getValue() + "'";
    }

    private static int line(Node node) {
      return node.getStartMark().getLine() + 1;
    }

    private void problem(int line, String message) {
      problems.add(new RuleProblem(file, line, message));
    }
  }
}
