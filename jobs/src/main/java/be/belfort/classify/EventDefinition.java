package be.belfort.classify;

import be.belfort.schema.GeoPoint;
import be.belfort.schema.Severity;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;

/**
 * A planned event (Gentse Feesten, Lichtfestival, a demonstration): when and where it happens,
 * the extra saved searches it brings and how many matching posts are normal while it runs, so
 * that a busy festival evening is not mistaken for a surge. Loaded from {@code rules/events/*.yaml}
 * (format: {@code rules/events/README.md}); immutable and serializable so it ships with the
 * {@link RuleSet}.
 *
 * @param id {@code [a-z0-9-]+}; prefix of its searches' ids ({@code gentse-feesten/verloren-kind})
 * @param label human name
 * @param severity how urgent an alert tied to this event is
 * @param periods when the event runs; it is active when any period contains the instant
 * @param area where it runs
 * @param searches its own saved searches, ids namespaced {@code <event id>/<search id>}
 * @param expected topic (a search id, or {@value #DEFAULT_TOPIC}) → expected matching posts per
 *     5-minute bucket while the event runs
 * @param sourceFile file the event was loaded from
 * @param line 1-based line of the event in that file
 */
public record EventDefinition(
    String id,
    String label,
    Severity severity,
    List<Period> periods,
    Area area,
    List<SavedSearch> searches,
    Map<String, Double> expected,
    String sourceFile,
    int line)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Key of {@link #expected()} that applies to topics without their own entry. */
  public static final String DEFAULT_TOPIC = "default";

  /** Copies the collections so the event is immutable; sorts {@code expected} by topic. */
  public EventDefinition {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(severity, "severity");
    periods = List.copyOf(periods);
    Objects.requireNonNull(area, "area");
    searches = List.copyOf(searches);
    expected = Collections.unmodifiableMap(new TreeMap<>(expected));
    Objects.requireNonNull(sourceFile, "sourceFile");
  }

  /** Whether any of the event's periods contains {@code t}. */
  public boolean activeAt(Instant t) {
    return periods.stream().anyMatch(p -> p.contains(t));
  }

  /**
   * Whether a post belongs to the event's area: its wijk is one of the area's wijken, it names one
   * of the area's places, or its coordinates lie inside the area's circle.
   *
   * @param wijk the post's wijk id, or null
   * @param placeIds the gazetteer ids the post mentions
   * @param geo the post's coordinates, or null
   */
  public boolean covers(String wijk, Set<String> placeIds, GeoPoint geo) {
    if (wijk != null && area.wijken().contains(wijk)) {
      return true;
    }
    if (placeIds != null && placeIds.stream().anyMatch(area.places()::contains)) {
      return true;
    }
    return geo != null && area.circle() != null && area.circle().contains(geo.getLat(), geo.getLon());
  }

  /**
   * Expected matching posts per 5-minute bucket for a topic during the event: the topic's own
   * entry, else the {@value #DEFAULT_TOPIC} entry, else empty.
   */
  public OptionalDouble expectedPerBucket(String topic) {
    Double value = expected.get(topic);
    if (value == null) {
      value = expected.get(DEFAULT_TOPIC);
    }
    return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
  }

  /** A span of time in which an event is active. */
  public sealed interface Period extends Serializable permits Fixed, Yearly {
    boolean contains(Instant t);
  }

  /** A fixed span {@code [from, to)}. */
  public record Fixed(Instant from, Instant to) implements Period {
    public Fixed {
      if (!from.isBefore(to)) {
        throw new IllegalArgumentException("period must end after it starts: " + from + " .. " + to);
      }
    }

    @Override
    public boolean contains(Instant t) {
      return !t.isBefore(from) && t.isBefore(to);
    }
  }

  /**
   * Every year from one day to another (inclusive, local dates; may wrap over New Year), optionally
   * only between two local times each day. When {@code dailyTo} is not after {@code dailyFrom} the
   * window crosses midnight and its early hours belong to the evening before: "18:00-02:00" on the
   * last day ends at 02:00 the next morning.
   *
   * @param dailyFrom start of the daily window, or null for the whole day
   * @param dailyTo end of the daily window (exclusive), or null for the whole day
   */
  public record Yearly(MonthDay from, MonthDay to, LocalTime dailyFrom, LocalTime dailyTo, ZoneId zone)
      implements Period {
    public Yearly {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(zone, "zone");
      if ((dailyFrom == null) != (dailyTo == null) || (dailyFrom != null && dailyFrom.equals(dailyTo))) {
        throw new IllegalArgumentException("daily window needs two different times");
      }
    }

    @Override
    public boolean contains(Instant t) {
      ZonedDateTime local = t.atZone(zone);
      LocalDate day = local.toLocalDate();
      if (dailyFrom == null) {
        return inDays(day);
      }
      LocalTime time = local.toLocalTime();
      if (dailyFrom.isBefore(dailyTo)) {
        return inDays(day) && !time.isBefore(dailyFrom) && time.isBefore(dailyTo);
      }
      return (inDays(day) && !time.isBefore(dailyFrom))
          || (inDays(day.minusDays(1)) && time.isBefore(dailyTo));
    }

    private boolean inDays(LocalDate day) {
      MonthDay md = MonthDay.from(day);
      return from.isAfter(to)
          ? !md.isBefore(from) || !md.isAfter(to)
          : !md.isBefore(from) && !md.isAfter(to);
    }
  }

  /**
   * Where an event runs; a post is in the area when any part matches.
   *
   * @param wijken wijk ids
   * @param places gazetteer place ids
   * @param circle a circle around a centre point, or null
   */
  public record Area(Set<String> wijken, Set<String> places, Circle circle) implements Serializable {
    public Area {
      wijken = Set.copyOf(wijken);
      places = Set.copyOf(places);
    }
  }

  /** A circle of {@code radiusM} metres around a WGS84 point. */
  public record Circle(double lat, double lon, double radiusM) implements Serializable {
    private static final double EARTH_RADIUS_M = 6_371_008.8;

    public boolean contains(double pointLat, double pointLon) {
      double dLat = Math.toRadians(pointLat - lat);
      double dLon = Math.toRadians(pointLon - lon);
      double a =
          Math.sin(dLat / 2) * Math.sin(dLat / 2)
              + Math.cos(Math.toRadians(lat))
                  * Math.cos(Math.toRadians(pointLat))
                  * Math.sin(dLon / 2)
                  * Math.sin(dLon / 2);
      return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1.0, Math.sqrt(a))) <= radiusM;
    }
  }
}
