package be.belfort.classify;

import be.belfort.classify.EventDefinition.Area;
import be.belfort.classify.EventDefinition.Circle;
import be.belfort.classify.EventDefinition.Fixed;
import be.belfort.classify.EventDefinition.Period;
import be.belfort.classify.EventDefinition.Yearly;
import be.belfort.schema.Severity;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Turns one {@code rules/events/*.yaml} file into an {@link EventDefinition} (format:
 * {@code rules/events/README.md}), recording every problem with its line. Area names are checked
 * against the gazetteer's ids and {@code expected} topics against the known saved searches.
 */
final class EventLoader {

  /** What a parsed file holds: the event, and whether it takes part in monitoring. */
  record Parsed(EventDefinition event, boolean enabled) {}

  private static final List<String> KEYS =
      List.of("id", "label", "enabled", "severity", "active", "area", "expected", "searches");
  private static final List<String> REQUIRED = List.of("id", "label", "severity", "active", "area");
  private static final List<String> FIXED_KEYS = List.of("from", "to");
  private static final List<String> YEARLY_KEYS = List.of("recurring", "from", "to", "hours", "zone");
  private static final List<String> AREA_KEYS = List.of("wijken", "places", "center");
  private static final List<String> CENTER_KEYS = List.of("lat", "lon", "radius_m");
  private static final Pattern HOURS = Pattern.compile("(\\d{2}:\\d{2})-(\\d{2}:\\d{2})");
  private static final DateTimeFormatter MONTH_DAY = DateTimeFormatter.ofPattern("MM-dd");
  private static final double MAX_RADIUS_M = 20_000;

  private final RuleYaml yaml;
  private final Set<String> wijken;
  private final Set<String> places;
  private final Set<String> searchIds;

  /**
   * @param wijken known wijk ids
   * @param places known place ids
   * @param searchIds ids of the standing saved searches (valid {@code expected} topics)
   */
  EventLoader(RuleYaml yaml, Set<String> wijken, Set<String> places, Set<String> searchIds) {
    this.yaml = yaml;
    this.wijken = wijken;
    this.places = places;
    this.searchIds = searchIds;
  }

  /** @return the event, or null when the file has any problem */
  Parsed parse(String text) {
    MappingNode root = yaml.root(text, "one event", KEYS);
    if (root == null) {
      return null;
    }
    int problemsBefore = yaml.problemCount();
    Map<String, Node> values = yaml.entries(root, KEYS, REQUIRED);
    String id = yaml.id(values.get("id"));
    String label = yaml.text(values.get("label"), "label");
    boolean enabled = enabled(values.get("enabled"));
    Severity severity = yaml.severity(values.get("severity"));
    List<Period> periods = values.containsKey("active") ? periods(values.get("active")) : List.of();
    Area area = values.containsKey("area") ? area(values.get("area")) : null;
    List<SavedSearch> searches = new ArrayList<>();
    if (values.containsKey("searches") && id != null) {
      searches(values.get("searches"), id, searches);
    }
    Map<String, Double> expected =
        values.containsKey("expected") && id != null
            ? expected(values.get("expected"), id, searches)
            : Map.of();
    if (yaml.problemCount() > problemsBefore) {
      return null;
    }
    return new Parsed(
        new EventDefinition(
            id, label, severity, periods, area, searches, expected, yaml.file(), RuleYaml.line(root)),
        enabled);
  }

  private boolean enabled(Node node) {
    if (node == null) {
      return true;
    }
    String value = yaml.text(node, "enabled");
    if ("true".equals(value) || "false".equals(value)) {
      return Boolean.parseBoolean(value);
    }
    if (value != null) {
      yaml.problem(RuleYaml.line(node), "'enabled' must be true or false, found '" + value + "'");
    }
    return false;
  }

  private List<Period> periods(Node node) {
    List<Period> periods = new ArrayList<>();
    List<Node> items = yaml.items(node, "active");
    if (items.isEmpty() && node instanceof SequenceNode) {
      yaml.problem(RuleYaml.line(node), "'active' needs at least one period");
    }
    for (Node item : items) {
      MappingNode mapping = yaml.mapping(item, "active item");
      if (mapping == null) {
        continue;
      }
      boolean recurring = mapping.getValue().stream().anyMatch(t -> "recurring".equals(keyOf(t)));
      Period period = recurring ? yearly(mapping) : fixed(mapping);
      if (period != null) {
        periods.add(period);
      }
    }
    return periods;
  }

  private Period fixed(MappingNode mapping) {
    Map<String, Node> v = yaml.entries(mapping, FIXED_KEYS, FIXED_KEYS);
    ZonedDateTime from = dateTime(v.get("from"), "from");
    ZonedDateTime to = dateTime(v.get("to"), "to");
    if (from == null || to == null) {
      return null;
    }
    if (!from.toInstant().isBefore(to.toInstant())) {
      yaml.problem(RuleYaml.line(v.get("to")), "'to' (" + to + ") must be after 'from' (" + from + ")");
      return null;
    }
    return new Fixed(from.toInstant(), to.toInstant());
  }

  private ZonedDateTime dateTime(Node node, String key) {
    String text = yaml.text(node, key);
    if (text == null) {
      return null;
    }
    try {
      return ZonedDateTime.parse(text, DateTimeFormatter.ISO_DATE_TIME);
    } catch (DateTimeException e) {
      yaml.problem(
          RuleYaml.line(node),
          "bad date '" + text + "' in '" + key + "': use ISO-8601 with a zone, such as "
              + "2026-07-17T12:00:00+02:00 or 2026-07-17T12:00:00+02:00[Europe/Brussels]");
      return null;
    }
  }

  private Period yearly(MappingNode mapping) {
    Map<String, Node> v = yaml.entries(mapping, YEARLY_KEYS, List.of("recurring", "from", "to", "zone"));
    String kind = yaml.text(v.get("recurring"), "recurring");
    if (kind != null && !kind.equals("yearly")) {
      yaml.problem(RuleYaml.line(v.get("recurring")), "'recurring' must be 'yearly', found '" + kind + "'");
    }
    MonthDay from = monthDay(v.get("from"), "from");
    MonthDay to = monthDay(v.get("to"), "to");
    ZoneId zone = zone(v.get("zone"));
    LocalTime[] hours = v.containsKey("hours") ? hours(v.get("hours")) : new LocalTime[2];
    if (kind == null || !kind.equals("yearly") || from == null || to == null || zone == null || hours == null) {
      return null;
    }
    return new Yearly(from, to, hours[0], hours[1], zone);
  }

  private MonthDay monthDay(Node node, String key) {
    String text = yaml.text(node, key);
    if (text == null) {
      return null;
    }
    try {
      return MonthDay.parse(text, MONTH_DAY);
    } catch (DateTimeException e) {
      yaml.problem(RuleYaml.line(node), "bad day '" + text + "' in '" + key + "': use MM-DD such as 07-17");
      return null;
    }
  }

  private ZoneId zone(Node node) {
    String text = yaml.text(node, "zone");
    if (text == null) {
      return null;
    }
    try {
      return ZoneId.of(text);
    } catch (DateTimeException e) {
      yaml.problem(RuleYaml.line(node), "unknown time zone '" + text + "'; use a region such as Europe/Brussels");
      return null;
    }
  }

  private LocalTime[] hours(Node node) {
    String text = yaml.text(node, "hours");
    if (text == null) {
      return null;
    }
    Matcher m = HOURS.matcher(text);
    try {
      if (m.matches() && !m.group(1).equals(m.group(2))) {
        return new LocalTime[] {LocalTime.parse(m.group(1)), LocalTime.parse(m.group(2))};
      }
    } catch (DateTimeException e) {
      // reported below
    }
    yaml.problem(
        RuleYaml.line(node),
        "bad hours '" + text + "': use HH:MM-HH:MM with two different times, such as 18:00-02:00");
    return null;
  }

  private Area area(Node node) {
    MappingNode mapping = yaml.mapping(node, "area");
    if (mapping == null) {
      return null;
    }
    int before = yaml.problemCount();
    Map<String, Node> v = yaml.entries(mapping, AREA_KEYS, List.of());
    Set<String> areaWijken = yaml.list(v.get("wijken"), "wijken", wijken::contains, "a wijk id of rules/places");
    Set<String> areaPlaces = yaml.list(v.get("places"), "places", places::contains, "a place id of rules/places");
    Circle circle = v.containsKey("center") ? circle(v.get("center")) : null;
    if (yaml.problemCount() == before && areaWijken.isEmpty() && areaPlaces.isEmpty() && circle == null) {
      yaml.problem(RuleYaml.line(node), "'area' needs wijken, places or a center");
    }
    return new Area(areaWijken, areaPlaces, circle);
  }

  private Circle circle(Node node) {
    MappingNode mapping = yaml.mapping(node, "center");
    if (mapping == null) {
      return null;
    }
    Map<String, Node> v = yaml.entries(mapping, CENTER_KEYS, CENTER_KEYS);
    if (v.size() < CENTER_KEYS.size()) {
      return null;
    }
    double lat = coordinate(v.get("lat"), "lat", 90);
    double lon = coordinate(v.get("lon"), "lon", 180);
    double radius = yaml.nonNegativeNumber(v.get("radius_m"), "radius_m");
    if (radius == 0 || radius > MAX_RADIUS_M) {
      yaml.problem(RuleYaml.line(v.get("radius_m")), "'radius_m' must be between 1 and " + (int) MAX_RADIUS_M);
      return null;
    }
    return Double.isNaN(lat) || Double.isNaN(lon) || Double.isNaN(radius) ? null : new Circle(lat, lon, radius);
  }

  private double coordinate(Node node, String key, double limit) {
    if (node instanceof ScalarNode scalar) {
      try {
        double value = Double.parseDouble(scalar.getValue());
        if (Math.abs(value) <= limit) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    yaml.problem(RuleYaml.line(node), "'" + key + "' must be decimal degrees within ±" + (int) limit
        + ", found " + RuleYaml.kind(node));
    return Double.NaN;
  }

  private void searches(Node node, String eventId, List<SavedSearch> searches) {
    Map<String, Integer> lines = new HashMap<>();
    for (Node item : yaml.items(node, "searches")) {
      MappingNode mapping = yaml.mapping(item, "searches item");
      SavedSearch search = mapping == null ? null : yaml.search(mapping, eventId + "/");
      if (search == null) {
        continue;
      }
      Integer first = lines.putIfAbsent(search.id(), search.line());
      if (first != null) {
        yaml.problem(search.line(), "duplicate search id '" + search.id() + "', also at line " + first);
      } else {
        searches.add(search);
      }
    }
  }

  /** Topics: {@code default}, a standing search id, or one of this event's searches (short or full id). */
  private Map<String, Double> expected(Node node, String eventId, List<SavedSearch> searches) {
    MappingNode mapping = yaml.mapping(node, "expected");
    if (mapping == null) {
      return Map.of();
    }
    Map<String, Double> expected = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      String topic = keyOf(tuple);
      Node keyNode = tuple.getKeyNode();
      String full = topic != null && topic.contains("/") ? topic : eventId + "/" + topic;
      boolean own = searches.stream().anyMatch(s -> s.id().equals(full));
      if (topic == null
          || !(topic.equals(EventDefinition.DEFAULT_TOPIC) || searchIds.contains(topic) || own)) {
        yaml.problem(RuleYaml.line(keyNode), "unknown topic '" + topic + "' in expected; use "
            + EventDefinition.DEFAULT_TOPIC + ", a saved search id or one of this event's searches");
        continue;
      }
      double value = yaml.nonNegativeNumber(tuple.getValueNode(), "expected." + topic);
      String key = own ? full : topic;
      if (expected.putIfAbsent(key, value) != null) {
        yaml.problem(RuleYaml.line(keyNode), "duplicate topic '" + topic + "' in expected");
      }
    }
    return expected;
  }

  private static String keyOf(NodeTuple tuple) {
    return tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : null;
  }
}
