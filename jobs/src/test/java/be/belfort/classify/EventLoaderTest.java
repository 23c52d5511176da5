package be.belfort.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.schema.EnrichedPost;
import be.belfort.schema.GeoPoint;
import be.belfort.schema.MatchedSearch;
import be.belfort.schema.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLoaderTest {

  @TempDir Path rules;

  @BeforeEach
  void phenomenaAndPlaces() throws IOException {
    write(
        "phenomena/drukte.yaml",
        """
        id: drukte
        label: Drukte
        query: drukte OR stampvol
        languages: []
        platforms: []
        severity: medium
        purpose: test
        retention_days: 7
        """);
    write(
        "places/gent.yaml",
        """
        wijken:
          - {id: binnenstad, name: Binnenstad, aliases: [], lat: 51.0543, lon: 3.7245}
        places:
          - {id: korenmarkt, name: Korenmarkt, aliases: [], kind: square, lat: 51.0547, lon: 3.7215, wijk: binnenstad}
        """);
  }

  @Test
  void shippedEventsLoadWithNamespacedSearchesAndTheTemplateDisabled() {
    RuleSet set = RuleLoader.load(RuleLoaderTest.SHIPPED_RULES);

    assertEquals(
        List.of("gentse-feesten", "lichtfestival"),
        set.events().stream().map(EventDefinition::id).toList());
    assertTrue(set.searches().stream().anyMatch(s -> s.id().equals("gentse-feesten/verloren-kind")));
    assertTrue(set.phenomena().stream().noneMatch(s -> s.id().contains("/")));
    EventDefinition feesten = set.events().get(0);
    assertTrue(feesten.activeAt(Instant.parse("2026-07-20T20:00:00Z")));
    assertFalse(feesten.activeAt(Instant.parse("2026-07-27T04:00:00Z")), "ends 06:00 local = 04:00Z");
    assertFalse(feesten.activeAt(Instant.parse("2026-08-01T20:00:00Z")));
    assertEquals(OptionalDouble.of(25), feesten.expectedPerBucket("drukte"));
    assertEquals(OptionalDouble.of(2), feesten.expectedPerBucket("gentse-feesten/verloren-kind"));
    assertEquals(OptionalDouble.of(5), feesten.expectedPerBucket("brand"), "default");
  }

  @Test
  void anEventSearchIsClassifiedUnderItsNamespacedId() {
    RuleSet set = RuleLoader.load(RuleLoaderTest.SHIPPED_RULES);
    EnrichedPost post =
        EnrichedPost.newBuilder()
            .setId("p1")
            .setPlatform(Platform.twitter)
            .setAuthor("pseudo")
            .setText("Verloren kindje aan de infostand op de Korenmarkt, ouders gezocht")
            .setCreatedAt(Instant.parse("2026-07-20T20:00:00Z"))
            .setLang("nld")
            .setTokens(List.of())
            .setLemmas(List.of())
            .setPlaces(List.of("korenmarkt"))
            .setMatches(new ArrayList<>())
            .build();
    try (PostClassifier classifier = new PostClassifier(set)) {
      List<String> ids = classifier.classify(post).stream().map(MatchedSearch::getSearchId).toList();
      assertTrue(ids.contains("gentse-feesten/verloren-kind"), ids.toString());
    }
  }

  @Test
  void coversByWijkPlaceOrCircle() throws IOException {
    write("events/e.yaml", event("area:\n  places: [korenmarkt]\n  center: {lat: 51.0547, lon: 3.7215, radius_m: 500}\n"));
    EventDefinition e = RuleLoader.load(rules).events().get(0);

    assertTrue(e.covers(null, Set.of("korenmarkt"), null));
    assertFalse(e.covers("binnenstad", Set.of(), null), "wijk not in the area");
    assertTrue(e.covers(null, Set.of(), new GeoPoint(51.0570, 3.7215)), "~250 m north");
    assertFalse(e.covers(null, Set.of(), new GeoPoint(51.0700, 3.7215)), "~1.7 km north");
    assertFalse(e.covers(null, null, null));
  }

  @Test
  void yearlyEveningWindowCrossesMidnight() throws IOException {
    write(
        "events/e.yaml",
        event("area: {wijken: [binnenstad]}\n")
            .replace(
                "active:\n  - {from: 2026-07-17T12:00:00+02:00, to: 2026-07-27T06:00:00+02:00}\n",
                "active:\n  - {recurring: yearly, from: 01-25, to: 02-05, hours: 18:00-00:30, zone: Europe/Brussels}\n"));
    EventDefinition e = RuleLoader.load(rules).events().get(0);

    assertTrue(e.activeAt(local("2027-01-25T18:00")));
    assertFalse(e.activeAt(local("2027-01-25T17:59")));
    assertFalse(e.activeAt(local("2027-01-30T12:00")), "daytime");
    assertTrue(e.activeAt(local("2027-02-06T00:15")), "after midnight belongs to the last evening");
    assertFalse(e.activeAt(local("2027-02-06T00:30")));
    assertFalse(e.activeAt(local("2027-02-06T18:30")), "day after the last");
    assertTrue(e.covers("binnenstad", Set.of(), null));
  }

  @Test
  void versionChangesWithAnEventAndNotWithItsComments() throws IOException {
    write("events/e.yaml", event("area: {wijken: [binnenstad]}\n"));
    String version = RuleLoader.load(rules).version();
    write("events/e.yaml", "# a comment\n" + event("area: {wijken: [binnenstad]}\n"));
    assertEquals(version, RuleLoader.load(rules).version());
    write("events/e.yaml", event("area: {wijken: [binnenstad]}\n").replace("drukte: 25", "drukte: 30"));
    assertNotEquals(version, RuleLoader.load(rules).version());
  }

  @Test
  void disabledEventIsValidatedButNotMonitored() throws IOException {
    write("events/e.yaml", "enabled: false\n" + event("area: {wijken: [binnenstad]}\n"));
    RuleSet set = RuleLoader.load(rules);
    assertTrue(set.events().isEmpty());
    assertEquals(List.of("drukte"), set.searches().stream().map(SavedSearch::id).toList());

    write("events/e.yaml", "enabled: false\n" + event("area: {wijken: [nergens]}\n"));
    assertTrue(problems().contains("e.yaml:8: 'nergens' in wijken is not a wijk id of rules/places"), problems());
  }

  @Test
  void badEventsAreReportedWithFileAndLine() throws IOException {
    write(
        "events/a.yaml",
        """
        id: feest
        label: Feest
        severity: urgent
        active:
          - from: 2026-07-20T12:00:00+02:00
            to: 2026-07-19T12:00:00+02:00
          - from: 2026-07-20T12:00:00
            to: 2026-07-21T12:00:00+02:00
          - {recurring: yearly, from: 02-30, to: 03-01, zone: Europe/Gent}
        area:
          wijken: [binnenstad]
          places: [korenmarkt, atlantis]
          center: {lat: 95, lon: 3.7, radius_m: 100}
        expected: {drukte: 10, brand: 3, default: -1}
        searches:
          - id: een
            label: Een
            query: "(kapot"
            languages: [nld]
            platforms: []
            severity: low
            purpose: test
            retention_days: 3
        colour: red
        """);
    write("events/b.yaml", event("area: {wijken: [binnenstad]}\n"));
    write("events/d.yaml", event("area: {wijken: [binnenstad]}\n"));
    write("events/c.yaml", event("area: {wijken: [binnenstad]}\n").replace("id: e\n", "id: drukte\n"));

    String all = problems();
    for (String expected :
        List.of(
            "a.yaml:3: bad severity 'urgent'",
            "a.yaml:6: 'to' (2026-07-19T12:00+02:00) must be after 'from'",
            "a.yaml:7: bad date '2026-07-20T12:00:00' in 'from': use ISO-8601 with a zone",
            "a.yaml:9: bad day '02-30' in 'from'",
            "a.yaml:9: unknown time zone 'Europe/Gent'",
            "a.yaml:12: 'atlantis' in places is not a place id of rules/places",
            "a.yaml:13: 'lat' must be decimal degrees within ±90",
            "a.yaml:14: unknown topic 'brand' in expected",
            "a.yaml:14: 'expected.default' must be a number ≥ 0",
            "a.yaml:18: ",
            "a.yaml:24: unknown key 'colour'",
            "d.yaml:1: duplicate event id 'e', also defined in ",
            "c.yaml:1: event id 'drukte' is also a saved search id")) {
      assertTrue(all.contains(expected), "missing <" + expected + "> in\n" + all);
    }
  }

  @Test
  void eventsNeedTheGazetteer() throws IOException {
    write("events/e.yaml", event("area: {wijken: [binnenstad]}\n"));
    Files.delete(rules.resolve("places/gent.yaml"));
    assertTrue(problems().contains("events need the gazetteer"), problems());
  }

  private String problems() {
    return String.join(
        "\n",
        assertThrows(RuleException.class, () -> RuleLoader.load(rules)).problems().stream()
            .map(p -> Path.of(p.file()).getFileName() + ":" + p.line() + ": " + p.message())
            .toList());
  }

  /** A valid event with the given area block. */
  private static String event(String area) {
    return """
        id: e
        label: E
        severity: high
        active:
          - {from: 2026-07-17T12:00:00+02:00, to: 2026-07-27T06:00:00+02:00}
        expected: {drukte: 25, default: 5}
        """
        + area;
  }

  private static Instant local(String dateTime) {
    return ZonedDateTime.parse(dateTime + ":00+01:00[Europe/Brussels]").toInstant();
  }

  private void write(String name, String text) throws IOException {
    Path file = rules.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
