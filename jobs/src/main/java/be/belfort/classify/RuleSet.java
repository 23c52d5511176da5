package be.belfort.classify;

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
 * An immutable, versioned set of saved searches. Serializable so a Flink job can ship it to its
 * operators, which build a {@link PostClassifier} from it in {@code open()}.
 */
public final class RuleSet implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Hex characters of the SHA-256 kept in the version: short enough to read, long enough. */
  private static final int VERSION_CHARS = 12;

  private final List<SavedSearch> searches;
  private final String version;

  /**
   * @param searches searches with distinct ids, in any order
   * @throws IllegalArgumentException on a duplicate id
   */
  public RuleSet(List<SavedSearch> searches) {
    List<SavedSearch> sorted = new ArrayList<>(searches);
    sorted.sort(Comparator.comparing(SavedSearch::id));
    Set<String> ids = new HashSet<>();
    for (SavedSearch search : sorted) {
      if (!ids.add(search.id())) {
        throw new IllegalArgumentException("duplicate saved search id '" + search.id() + "'");
      }
    }
    this.searches = List.copyOf(sorted);
    this.version = fingerprint(this.searches);
  }

  /**
   * Short SHA-256 of what the searches mean (ids, queries, filters, severity, purpose,
   * retention), sorted by id. Comments, key order, formatting and file names do not change it,
   * so every alert can be traced back to the exact rules that produced it.
   */
  public String version() {
    return version;
  }

  /** The searches, sorted by id. */
  public List<SavedSearch> searches() {
    return searches;
  }

  @Override
  public String toString() {
    return "RuleSet{version=" + version + ", searches=" + searches.size() + "}";
  }

  private static String fingerprint(List<SavedSearch> sorted) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
    for (SavedSearch s : sorted) {
      // Length-prefixed fields: no separator character can make two different rule sets
      // produce the same byte stream.
      for (String field :
          List.of(
              s.id(),
              s.label(),
              s.query(),
              String.join(",", new TreeSet<>(s.languages())),
              String.join(",", new TreeSet<>(s.platforms())),
              s.severity().name(),
              s.purpose(),
              Integer.toString(s.retentionDays()))) {
        byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
        sha.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        sha.update(bytes);
      }
    }
    return HexFormat.of().formatHex(sha.digest()).substring(0, VERSION_CHARS);
  }
}
