package be.belfort.classify;

import be.belfort.ingest.InvalidInputException;
import be.belfort.ingest.JsonEdge;
import be.belfort.schema.EnrichedPost;
import be.belfort.schema.MatchedSearch;
import be.belfort.schema.Post;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Measures how well saved searches and enrichment do on hand-labeled posts (format:
 * {@code rules/eval/README.md}): per-phenomenon precision, recall and F1, macro-F1, language
 * accuracy, place recall and wijk accuracy, plus every error with the post id and text so that an
 * analyst can fix the rules. The analysis is passed in as a function so that the caller runs the
 * very code path of the job ({@code PostAnalyzer}).
 */
public final class RuleEvaluation {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> LABEL_KEYS = Set.of("phenomena", "lang", "places", "wijk");
  private static final int TEXT_CHARS = 90;
  private static final List<String> KINDS = List.of("FP", "FN", "LANG", "PLACE", "WIJK");

  private RuleEvaluation() {}

  /**
   * One labeled post.
   *
   * @param post the post as it arrives at ingest
   * @param phenomena the phenomena (saved search ids) a good classifier reports
   * @param lang expected ISO 639-3 language, or null when not labeled
   * @param places gazetteer ids the post names
   * @param wijk expected wijk id, or null when not labeled
   * @param source {@code file:line}, for messages
   */
  public record LabeledPost(
      Post post, Set<String> phenomena, String lang, Set<String> places, String wijk, String source) {
    public LabeledPost {
      Objects.requireNonNull(post, "post");
      phenomena = Set.copyOf(phenomena);
      places = Set.copyOf(places);
    }
  }

  /** Counts for one phenomenon. */
  public record TopicScore(String topic, int truePositives, int falsePositives, int falseNegatives) {
    /** Labeled posts of this phenomenon. */
    public int support() {
      return truePositives + falseNegatives;
    }

    /** NaN when the search matched nothing. */
    public double precision() {
      return ratio(truePositives, truePositives + falsePositives);
    }

    /** NaN when no post has this label. */
    public double recall() {
      return ratio(truePositives, support());
    }

    /** {@code 2tp / (2tp + fp + fn)}; NaN when there is neither a label nor a match. */
    public double f1() {
      return ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives);
    }
  }

  /**
   * One error on one post.
   *
   * @param kind FP (matched without the label), FN (label not matched), LANG, PLACE or WIJK
   * @param topic the phenomenon, or the expected language, place or wijk
   * @param detail what the analysis produced instead (empty for FP and FN)
   */
  public record Finding(String kind, String topic, String postId, String text, String detail) {}

  /**
   * The outcome over a set of labeled posts.
   *
   * @param topics one score per phenomenon, sorted by name
   * @param errors false positives, false negatives, language, place and wijk errors, grouped by
   *     kind and topic
   */
  public record Report(
      int posts,
      List<TopicScore> topics,
      int langCorrect,
      int langLabeled,
      int placesFound,
      int placesLabeled,
      int wijkCorrect,
      int wijkLabeled,
      List<Finding> errors) {

    /** Mean F1 over the phenomena that occur in the labels or the matches. */
    public double macroF1() {
      return topics.stream().mapToDouble(TopicScore::f1).filter(f -> !Double.isNaN(f)).average().orElse(Double.NaN);
    }

    public double languageAccuracy() {
      return ratio(langCorrect, langLabeled);
    }

    /** Labeled places the gazetteer found, over all labeled places (micro average). */
    public double placeRecall() {
      return ratio(placesFound, placesLabeled);
    }

    public double wijkAccuracy() {
      return ratio(wijkCorrect, wijkLabeled);
    }

    /** The table and the error list, for a terminal. */
    public void print(PrintWriter out) {
      out.printf(Locale.ROOT, "%-12s %6s %6s %6s %8s %5s %5s %5s%n",
          "phenomenon", "P", "R", "F1", "support", "tp", "fp", "fn");
      for (TopicScore t : topics) {
        out.printf(Locale.ROOT, "%-12s %6s %6s %6s %8d %5d %5d %5d%n", t.topic(), fmt(t.precision()),
            fmt(t.recall()), fmt(t.f1()), t.support(), t.truePositives(), t.falsePositives(),
            t.falseNegatives());
      }
      out.printf(Locale.ROOT, "macro-F1           %s  (%d posts)%n", fmt(macroF1()), posts);
      out.printf(Locale.ROOT, "language accuracy  %s  (%d/%d)%n", fmt(languageAccuracy()), langCorrect, langLabeled);
      out.printf(Locale.ROOT, "place recall       %s  (%d/%d)%n", fmt(placeRecall()), placesFound, placesLabeled);
      out.printf(Locale.ROOT, "wijk accuracy      %s  (%d/%d)%n", fmt(wijkAccuracy()), wijkCorrect, wijkLabeled);
      if (!errors.isEmpty()) {
        out.println();
        for (Finding e : errors) {
          out.printf(Locale.ROOT, "%-5s %-12s %-10s %s%s%n", e.kind(), e.topic(), e.postId(),
              e.detail().isEmpty() ? "" : "[" + e.detail() + "] ", truncate(e.text()));
        }
      }
      out.flush();
    }
  }

  /**
   * Reads a labeled JSON-lines file: the post's edge fields plus a {@code labels} object; blank
   * lines are skipped.
   *
   * @throws IllegalArgumentException naming {@code file:line} and the problem
   * @throws IOException when the file cannot be read
   */
  public static List<LabeledPost> read(Path file) throws IOException {
    List<LabeledPost> posts = new ArrayList<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).isBlank()) {
        String source = file + ":" + (i + 1);
        try {
          posts.add(parse(lines.get(i), source));
        } catch (InvalidInputException | JsonProcessingException | IllegalArgumentException e) {
          throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
      }
    }
    return posts;
  }

  private static LabeledPost parse(String line, String source)
      throws JsonProcessingException, InvalidInputException {
    JsonNode root = JSON.readTree(line);
    if (!(root instanceof ObjectNode object) || !(object.remove("labels") instanceof ObjectNode labels)) {
      throw new IllegalArgumentException("expected a post object with a 'labels' object");
    }
    labels.fieldNames().forEachRemaining(k -> {
      if (!LABEL_KEYS.contains(k)) {
        throw new IllegalArgumentException("unknown label '" + k + "'; known: " + new TreeSet<>(LABEL_KEYS));
      }
    });
    if (!labels.path("phenomena").isArray()) {
      throw new IllegalArgumentException("labels.phenomena must be a list (empty for none)");
    }
    Post post = JsonEdge.fromJson(object.toString(), Post.class);
    return new LabeledPost(post, strings(labels.get("phenomena")), text(labels.get("lang")),
        strings(labels.get("places")), text(labels.get("wijk")), source);
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> values = new LinkedHashSet<>();
    if (array != null) {
      array.forEach(v -> values.add(v.asText()));
    }
    return values;
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }

  /**
   * @param posts labeled posts
   * @param phenomena the phenomena to score (e.g. the ids of {@link RuleSet#phenomena()}); labels
   *     and matches outside this set (event searches) are ignored
   * @param analyzer the job's enrichment and classification of one post
   */
  public static Report evaluate(
      List<LabeledPost> posts, Collection<String> phenomena, Function<Post, EnrichedPost> analyzer) {
    Map<String, int[]> counts = new TreeMap<>();
    phenomena.forEach(p -> counts.put(p, new int[3]));
    posts.forEach(p -> p.phenomena().forEach(t -> counts.putIfAbsent(t, new int[3])));
    List<Finding> errors = new ArrayList<>();
    Tally lang = new Tally();
    Tally wijk = new Tally();
    int placesFound = 0;
    int placesLabeled = 0;
    for (LabeledPost labeled : posts) {
      EnrichedPost result = analyzer.apply(labeled.post());
      String id = labeled.post().getId();
      String text = labeled.post().getText();
      Set<String> matched = new HashSet<>();
      for (MatchedSearch m : result.getMatches()) {
        if (counts.containsKey(m.getSearchId())) {
          matched.add(m.getSearchId());
        }
      }
      for (Map.Entry<String, int[]> topic : counts.entrySet()) {
        boolean expected = labeled.phenomena().contains(topic.getKey());
        boolean got = matched.contains(topic.getKey());
        if (expected && got) {
          topic.getValue()[0]++;
        } else if (got) {
          topic.getValue()[1]++;
          errors.add(new Finding("FP", topic.getKey(), id, text, ""));
        } else if (expected) {
          topic.getValue()[2]++;
          errors.add(new Finding("FN", topic.getKey(), id, text, ""));
        }
      }
      compare(lang, "LANG", labeled.lang(), result.getLang(), id, text, errors);
      Set<String> found = new HashSet<>(result.getPlaces());
      for (String place : labeled.places()) {
        placesLabeled++;
        if (found.contains(place)) {
          placesFound++;
        } else {
          errors.add(new Finding("PLACE", place, id, text, "found " + result.getPlaces()));
        }
      }
      compare(wijk, "WIJK", labeled.wijk(), result.getWijk(), id, text, errors);
    }
    errors.sort(Comparator.comparingInt((Finding f) -> KINDS.indexOf(f.kind()))
        .thenComparing(Finding::topic).thenComparing(Finding::postId));
    List<TopicScore> topics = new ArrayList<>();
    counts.forEach((t, c) -> topics.add(new TopicScore(t, c[0], c[1], c[2])));
    return new Report(posts.size(), List.copyOf(topics), lang.correct, lang.labeled, placesFound,
        placesLabeled, wijk.correct, wijk.labeled, List.copyOf(errors));
  }

  /** Correct answers out of labeled posts, for one single-valued label. */
  private static final class Tally {
    int correct;
    int labeled;
  }

  /** Counts one single-valued label (skipped when not labeled) and records a mismatch. */
  private static void compare(
      Tally tally, String kind, String expected, String got, String id, String text, List<Finding> errors) {
    if (expected == null) {
      return;
    }
    tally.labeled++;
    if (expected.equals(got)) {
      tally.correct++;
    } else {
      errors.add(new Finding(kind, expected, id, text, "got " + got));
    }
  }

  private static double ratio(int numerator, int denominator) {
    return denominator == 0 ? Double.NaN : (double) numerator / denominator;
  }

  private static String fmt(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3f", value);
  }

  private static String truncate(String text) {
    String oneLine = text.replaceAll("\\s+", " ");
    return oneLine.length() <= TEXT_CHARS ? oneLine : oneLine.substring(0, TEXT_CHARS - 1) + "…";
  }
}
