package be.belfort.classify;

import be.belfort.nlp.Gazetteer;
import be.belfort.nlp.GazetteerException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.search.Query;
import org.yaml.snakeyaml.nodes.MappingNode;

/**
 * Loads and validates the saved searches in {@code <rulesDir>/phenomena/*.yaml}, one search per
 * file (format: {@code rules/phenomena/README.md}), and the events in
 * {@code <rulesDir>/events/*.yaml} (format: {@code rules/events/README.md}), whose areas are
 * checked against the gazetteer in {@code <rulesDir>/places}, and the lexicons the searches share in
 * {@code <rulesDir>/lexicons/*.yaml} ({@link LexiconLoader}).
 *
 * <p>All files are checked completely before failing: a rule author fixing a broken deployment
 * sees every problem at once, each as {@code file:line: message}.
 */
public final class RuleLoader {

  static final String PHENOMENA_DIR = "phenomena";
  static final String EVENTS_DIR = "events";
  static final String PLACES_DIR = "places";

  private RuleLoader() {}

  /**
   * @param rulesDir the rules root; searches are read from its {@code phenomena} subdirectory,
   *     events (optional) from {@code events}
   * @return the validated searches and the enabled events
   * @throws RuleException listing every problem in every file
   */
  public static RuleSet load(Path rulesDir) {
    List<RuleProblem> problems = new ArrayList<>();
    Path dir = rulesDir.resolve(PHENOMENA_DIR);
    if (!Files.isDirectory(dir)) {
      throw new RuleException(List.of(new RuleProblem(dir.toString(), 0, "not a directory")));
    }
    List<Path> files = yamlFiles(dir, problems);
    List<SavedSearch> searches = new ArrayList<>();
    List<EventDefinition> events = new ArrayList<>();
    List<Lexicon> lexicons;
    try (Analyzer analyzer = new SearchAnalyzer(SearchAnalyzer.Side.QUERY)) {
      // Searches may name a lexicon whose file has problems: those are reported once, at the file.
      Set<String> declared = new HashSet<>();
      lexicons = LexiconLoader.load(rulesDir, analyzer, declared, problems);
      Function<String, Query> lexiconRefs = SearchQueries.lexiconTokens(declared);
      Map<String, SavedSearch> byId = new HashMap<>();
      for (Path file : files) {
        RuleYaml yaml = new RuleYaml(file.toString(), analyzer, lexiconRefs, problems);
        MappingNode root = yaml.root(read(file, problems), "one saved search", RuleYaml.SEARCH_KEYS);
        SavedSearch search = root == null ? null : yaml.search(root, "");
        if (search == null) {
          continue;
        }
        SavedSearch first = byId.putIfAbsent(search.id(), search);
        if (first != null) {
          problems.add(
              new RuleProblem(
                  search.sourceFile(),
                  search.line(),
                  "duplicate id '" + search.id() + "', also defined in " + first.sourceFile() + ":"
                      + first.line()));
        } else {
          searches.add(search);
        }
      }
      if (files.isEmpty()) {
        problems.add(new RuleProblem(dir.toString(), 0, "no saved searches (*.yaml) found"));
      }
      Path eventsDir = rulesDir.resolve(EVENTS_DIR);
      if (Files.isDirectory(eventsDir)) {
        events = loadEvents(eventsDir, rulesDir.resolve(PLACES_DIR), byId.keySet(), analyzer, lexiconRefs, problems);
      }
    }
    if (!problems.isEmpty()) {
      problems.sort(Comparator.comparing(RuleProblem::file).thenComparingInt(RuleProblem::line));
      throw new RuleException(problems);
    }
    return new RuleSet(searches, events, lexicons);
  }

  /** Every event file is validated; only enabled events are returned. */
  private static List<EventDefinition> loadEvents(
      Path dir, Path placesDir, Set<String> searchIds, Analyzer analyzer,
      Function<String, Query> lexiconRefs, List<RuleProblem> problems) {
    List<Path> files = yamlFiles(dir, problems);
    if (files.isEmpty()) {
      return List.of();
    }
    Gazetteer gazetteer;
    try {
      gazetteer = Gazetteer.load(placesDir);
    } catch (GazetteerException | IllegalArgumentException e) {
      problems.add(new RuleProblem(placesDir.toString(), 0,
          "events need the gazetteer to check their areas, and it does not load: " + e.getMessage()));
      return List.of();
    }
    Set<String> wijken = gazetteer.wijken().stream().map(Gazetteer.Wijk::id).collect(Collectors.toSet());
    Set<String> places = gazetteer.places().stream().map(Gazetteer.Place::id).collect(Collectors.toSet());
    List<EventDefinition> enabled = new ArrayList<>();
    Map<String, EventDefinition> byId = new HashMap<>();
    for (Path file : files) {
      RuleYaml yaml = new RuleYaml(file.toString(), analyzer, lexiconRefs, problems);
      EventLoader.Parsed parsed = new EventLoader(yaml, wijken, places, searchIds).parse(read(file, problems));
      if (parsed == null) {
        continue;
      }
      EventDefinition event = parsed.event();
      EventDefinition first = byId.putIfAbsent(event.id(), event);
      if (first != null) {
        yaml.problem(event.line(), "duplicate event id '" + event.id() + "', also defined in "
            + first.sourceFile() + ":" + first.line());
      } else if (searchIds.contains(event.id())) {
        yaml.problem(event.line(), "event id '" + event.id() + "' is also a saved search id; "
            + "alert topics would be ambiguous");
      } else if (parsed.enabled()) {
        enabled.add(event);
      }
    }
    return enabled;
  }

  static List<Path> yamlFiles(Path dir, List<RuleProblem> problems) {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir, "*.yaml")) {
      listing.forEach(files::add);
    } catch (IOException e) {
      problems.add(new RuleProblem(dir.toString(), 0, "cannot list directory: " + e.getMessage()));
    }
    files.sort(Comparator.comparing(Path::toString));
    return files;
  }

  /** Reads a file as strict UTF-8; returns null (and records why) when that is impossible. */
  static String read(Path file, List<RuleProblem> problems) {
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
}
