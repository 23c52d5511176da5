package be.belfort.classify;

import be.belfort.config.YamlText;
import be.belfort.schema.Platform;
import be.belfort.schema.Severity;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.search.Query;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the YAML of one rule file (a saved search or an event) through SnakeYAML's node API, so
 * that every problem is recorded against the line of the offending key or value. Each reader
 * returns null (or an empty value) after recording a problem instead of throwing: a rule author
 * sees every problem of every file at once.
 */
final class RuleYaml {

  static final Pattern ID = Pattern.compile("[a-z0-9-]+");
  static final List<String> SEARCH_KEYS =
      List.of(
          "id",
          "label",
          "query",
          "languages",
          "platforms",
          "severity",
          "purpose",
          "retention_days");

  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{3}");
  private static final int MAX_RETENTION_DAYS = 3650;
  private static final Set<String> SEVERITIES =
      Arrays.stream(Severity.values()).map(Severity::name).collect(Collectors.toSet());
  private static final Set<String> PLATFORMS =
      Arrays.stream(Platform.values()).map(Platform::name).collect(Collectors.toSet());

  private final String file;
  private final Analyzer analyzer;
  private final Function<String, Query> lexicons;
  private final List<RuleProblem> problems;

  /**
   * @param lexicons what {@code lex:<id>} in a query resolves to (null for an unknown lexicon)
   */
  RuleYaml(String file, Analyzer analyzer, Function<String, Query> lexicons, List<RuleProblem> problems) {
    this.file = file;
    this.analyzer = analyzer;
    this.lexicons = lexicons;
    this.problems = problems;
  }

  String file() {
    return file;
  }

  int problemCount() {
    return problems.size();
  }

  /**
   * @param what the expected content, for messages ("one saved search")
   * @return the document's root mapping, or null when the text is missing, not YAML, empty or not
   *     a mapping
   */
  MappingNode root(String text, String what, List<String> keys) {
    if (text == null) {
      return null;
    }
    boolean[] syntaxError = {false};
    Node root = YamlText.compose(text, (line, message) -> {
      syntaxError[0] = true;
      problem(line, message);
    });
    if (syntaxError[0]) {
      return null;
    }
    if (root == null) {
      problem(1, "empty file; expected " + what + " with keys " + keys);
      return null;
    }
    if (!(root instanceof MappingNode mapping)) {
      problem(line(root), "expected a mapping with keys " + keys);
      return null;
    }
    return mapping;
  }

  /**
   * A saved search in the format of {@code rules/phenomena/*.yaml}.
   *
   * @param idPrefix prepended to the written id ({@code "gentse-feesten/"} for an event's search),
   *     or {@code ""}
   * @return the search, or null when it has any problem
   */
  SavedSearch search(MappingNode mapping, String idPrefix) {
    int problemsBefore = problems.size();
    Map<String, Node> values = entries(mapping, SEARCH_KEYS, SEARCH_KEYS);
    String id = id(values.get("id"));
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
        idPrefix + id,
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

  /**
   * Keys in file order; unknown, repeated and missing required keys are problems, not silently
   * ignored.
   */
  Map<String, Node> entries(MappingNode mapping, List<String> known, List<String> required) {
    Map<String, Node> values = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (!(keyNode instanceof ScalarNode scalar)) {
        problem(line(keyNode), "keys must be plain words");
        continue;
      }
      String key = scalar.getValue();
      if (!known.contains(key)) {
        problem(line(keyNode), "unknown key '" + key + "'; known keys are " + known);
      } else if (values.putIfAbsent(key, tuple.getValueNode()) != null) {
        problem(line(keyNode), "duplicate key '" + key + "'");
      }
    }
    for (String key : required) {
      if (!values.containsKey(key)) {
        problem(line(mapping), "missing key '" + key + "'");
      }
    }
    return values;
  }

  /** An id matching {@code [a-z0-9-]+}, or null. */
  String id(Node node) {
    String id = text(node, "id");
    if (id != null && !ID.matcher(id).matches()) {
      problem(line(node), "id '" + id + "' must match [a-z0-9-]+");
      return null;
    }
    return id;
  }

  /**
   * A non-empty scalar. Numbers and booleans are accepted as written ({@code label: 112}) since
   * the node keeps the original text; null, lists and mappings are not.
   */
  String text(Node node, String key) {
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
    SearchQueries.compile(query, analyzer, lexicons).problems().forEach(m -> problem(line(node), m));
    return query;
  }

  /** A list of texts, each accepted by {@code valid}; absent = empty. */
  Set<String> list(Node node, String key, Predicate<String> valid, String expected) {
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

  Severity severity(Node node) {
    String value = text(node, "severity");
    if (value == null) {
      return null;
    }
    if (!SEVERITIES.contains(value)) {
      problem(line(node), "bad severity '" + value + "'; use one of low, medium, high, critical");
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
          "'retention_days' must be between 1 and "
              + MAX_RETENTION_DAYS
              + ", found "
              + scalar.getValue());
    }
    return days;
  }

  /** A finite number ≥ 0 (int or float YAML scalar), or NaN after recording a problem. */
  double nonNegativeNumber(Node node, String key) {
    if (node instanceof ScalarNode scalar
        && (node.getTag().equals(Tag.INT) || node.getTag().equals(Tag.FLOAT))) {
      try {
        double value = Double.parseDouble(scalar.getValue().replace("_", ""));
        if (Double.isFinite(value) && value >= 0) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    problem(line(node), "'" + key + "' must be a number ≥ 0, found " + kind(node));
    return Double.NaN;
  }

  /** The mapping under a key, or null after recording a problem. */
  MappingNode mapping(Node node, String key) {
    if (node instanceof MappingNode mapping) {
      return mapping;
    }
    problem(line(node), "'" + key + "' must be a mapping (key: value lines), found " + kind(node));
    return null;
  }

  /** The items of a list, or an empty list after recording a problem. */
  List<Node> items(Node node, String key) {
    if (node instanceof SequenceNode sequence) {
      return sequence.getValue();
    }
    problem(line(node), "'" + key + "' must be a list, found " + kind(node));
    return List.of();
  }

  static String kind(Node node) {
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

  static int line(Node node) {
    return node.getStartMark().getLine() + 1;
  }

  void problem(int line, String message) {
    problems.add(new RuleProblem(file, line, message));
  }
}
