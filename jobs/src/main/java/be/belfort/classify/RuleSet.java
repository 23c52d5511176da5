package be.belfort.classify;

import be.belfort.classify.EventDefinition.Fixed;
import be.belfort.classify.EventDefinition.Period;
import be.belfort.classify.EventDefinition.Yearly;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An immutable, versioned set of saved searches and events. Serializable so a Flink job can ship
 * it to its operators, which build a {@link PostClassifier} from it in {@code open()}.
 */
public final class RuleSet implements Serializable {

  private static final long serialVersionUID = 2L;

  /** Hex characters of the SHA-256 kept in the version: short enough to read, long enough. */
  private static final int VERSION_CHARS = 12;

  private final List<SavedSearch> phenomena;
  private final List<SavedSearch> searches;
  private final List<EventDefinition> events;
  private final List<Lexicon> lexicons;
  private final String version;

  /** A rule set without events. */
  public RuleSet(List<SavedSearch> searches) {
    this(searches, List.of());
  }

  /**
   * @param phenomena the standing saved searches, in any order
   * @param events events whose searches are classified too, in any order
   * @throws IllegalArgumentException on a duplicate search or event id
   */
  public RuleSet(List<SavedSearch> phenomena, List<EventDefinition> events) {
    this(phenomena, events, List.of());
  }

  /**
   * @param phenomena the standing saved searches, in any order
   * @param events events whose searches are classified too, in any order
   * @param lexicons the word lists the searches refer to with {@code lex:<id>}, in any order
   * @throws IllegalArgumentException on a duplicate search, event or lexicon id
   */
  public RuleSet(List<SavedSearch> phenomena, List<EventDefinition> events, List<Lexicon> lexicons) {
    this.phenomena = sortedById(phenomena);
    List<SavedSearch> all = new ArrayList<>(phenomena);
    events.forEach(e -> all.addAll(e.searches()));
    this.searches = sortedById(all);
    List<EventDefinition> sortedEvents = new ArrayList<>(events);
    sortedEvents.sort(Comparator.comparing(EventDefinition::id));
    requireDistinct(sortedEvents.stream().map(EventDefinition::id).toList(), "event");
    requireDistinct(this.searches.stream().map(SavedSearch::id).toList(), "saved search");
    this.events = List.copyOf(sortedEvents);
    List<Lexicon> sortedLexicons = new ArrayList<>(lexicons);
    sortedLexicons.sort(Comparator.comparing(Lexicon::id));
    requireDistinct(sortedLexicons.stream().map(Lexicon::id).toList(), "lexicon");
    this.lexicons = List.copyOf(sortedLexicons);
    this.version = fingerprint(this.searches, this.events, this.lexicons);
  }

  /**
   * Short SHA-256 of what the searches and events mean (ids, queries, filters, severity, purpose,
   * retention; event periods, areas and expected volumes), sorted by id. Comments, key order,
   * formatting and file names do not change it, so every alert can be traced back to the exact
   * rules that produced it.
   */
  public String version() {
    return version;
  }

  /** Every search to classify with, the events' searches included, sorted by id. */
  public List<SavedSearch> searches() {
    return searches;
  }

  /** The standing searches ({@code rules/phenomena}), without the events' searches, sorted by id. */
  public List<SavedSearch> phenomena() {
    return phenomena;
  }

  /** The lexicons the searches refer to, sorted by id. */
  public List<Lexicon> lexicons() {
    return lexicons;
  }

  /** The enabled events, sorted by id. */
  public List<EventDefinition> events() {
    return events;
  }

  @Override
  public String toString() {
    return "RuleSet{version=" + version + ", searches=" + searches.size() + ", events="
        + events.size() + ", lexicons=" + lexicons.size() + "}";
  }

  private static List<SavedSearch> sortedById(List<SavedSearch> searches) {
    List<SavedSearch> sorted = new ArrayList<>(searches);
    sorted.sort(Comparator.comparing(SavedSearch::id));
    return List.copyOf(sorted);
  }

  private static void requireDistinct(List<String> ids, String what) {
    Set<String> seen = new HashSet<>();
    for (String id : ids) {
      if (!seen.add(id)) {
        throw new IllegalArgumentException("duplicate " + what + " id '" + id + "'");
      }
    }
  }

  private static String fingerprint(
      List<SavedSearch> searches, List<EventDefinition> events, List<Lexicon> lexicons) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
    for (SavedSearch s : searches) {
      update(
          sha,
          s.id(),
          s.label(),
          s.query(),
          String.join(",", new TreeSet<>(s.languages())),
          String.join(",", new TreeSet<>(s.platforms())),
          s.severity().name(),
          s.purpose(),
          Integer.toString(s.retentionDays()));
    }
    // Without events the digest is the one earlier versions computed, so adding the events
    // feature did not change the version of a rule set that has none.
    for (EventDefinition e : events) {
      EventDefinition.Area area = e.area();
      update(
          sha,
          "event",
          e.id(),
          e.label(),
          e.severity().name(),
          String.join(",", e.periods().stream().map(RuleSet::canonical).toList()),
          String.join(",", new TreeSet<>(area.wijken())),
          String.join(",", new TreeSet<>(area.places())),
          String.valueOf(area.circle()),
          e.expected().toString(),
          String.join(",", e.searches().stream().map(SavedSearch::id).sorted().toList()));
    }
    // Likewise for lexicons: a rule set without any keeps its earlier version.
    for (Lexicon l : lexicons) {
      update(sha, "lexicon", l.id(), l.label(), String.join("\n", l.terms()));
    }
    return HexFormat.of().formatHex(sha.digest()).substring(0, VERSION_CHARS);
  }

  private static String canonical(Period period) {
    if (period instanceof Fixed f) {
      return f.from() + "/" + f.to();
    }
    Yearly y = (Yearly) period;
    return "yearly " + y.from() + "/" + y.to() + " " + y.dailyFrom() + "-" + y.dailyTo() + " "
        + y.zone().getId();
  }

  /** Length-prefixed fields: no separator character can make two rule sets produce the same bytes. */
  private static void update(MessageDigest sha, String... fields) {
    for (String field : fields) {
      byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
      sha.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
      sha.update(bytes);
    }
  }
}
