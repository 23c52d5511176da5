package be.belfort.nlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GazetteerTest {

    private static Gazetteer gazetteer;
    private final SocialTokenizer tokenizer = new SocialTokenizer();

    /** The repository's rules/ folder: set by surefire, or relative to jobs/ in an IDE. */
    static Path rulesDir() {
        return Paths.get(System.getProperty("belfort.rules.dir", "../rules"));
    }

    @BeforeAll
    static void load() {
        gazetteer = Gazetteer.load(rulesDir().resolve("places"));
    }

    private List<PlaceMatch> find(String text) {
        return gazetteer.find(tokenizer.tokenize(text));
    }

    private List<String> ids(String text) {
        return find(text).stream().map(PlaceMatch::placeId).toList();
    }

    @Test
    void shippedFileHasAllWijkenAndEnoughPlaces() {
        assertEquals(25, gazetteer.wijken().size());
        assertTrue(gazetteer.places().size() >= 80, "places: " + gazetteer.places().size());
        for (Gazetteer.Place p : gazetteer.places()) {
            assertTrue(Gazetteer.haversineKm(p.lat(), p.lon(), Gazetteer.CENTRE_LAT, Gazetteer.CENTRE_LON)
                    < Gazetteer.MAX_DISTANCE_KM, p.id() + " is outside Ghent");
            if (p.wijk() != null) {
                // A place's wijk should be plausible: its centroid within a few km of the place.
                Gazetteer.Wijk w = gazetteer.wijken().stream().filter(x -> x.id().equals(p.wijk())).findFirst().orElseThrow();
                assertTrue(Gazetteer.haversineKm(p.lat(), p.lon(), w.lat(), w.lon()) < 3.5, p.id() + " far from " + w.id());
            }
        }
    }

    @Test
    void squareMapsToItsWijk() {
        assertEquals(List.of(new PlaceMatch("korenmarkt", "Korenmarkt", "binnenstad", 4, 5)),
                find("Amai wat een drukte Korenmarkt!"));
    }

    @Test
    void stationNamesInAllTheirForms() {
        for (String text : List.of("Sint-Pietersstation", "Gent-Sint-Pieters", "gent sint pieters", "Gent Sint-Pieters",
                "GENT-ST-PIETERS", "#GentSintPieters", "#sintpietersstation", "station Sint-Pieters")) {
            List<PlaceMatch> matches = find("vertraging in " + text + " vandaag");
            assertEquals(1, matches.size(), text + ": " + matches);
            assertEquals("gent-sint-pieters", matches.get(0).placeId(), text);
            assertEquals("stationsbuurt-zuid", matches.get(0).wijk(), text);
        }
    }

    @Test
    void hyphenAndSpaceAreEquivalent() {
        assertEquals(List.of("sint-pietersplein"), ids("op het Sint-Pietersplein"));
        assertEquals(List.of("sint-pietersplein"), ids("op het sint pietersplein"));
        assertEquals(List.of("sint-pietersplein"), ids("op het St. Pietersplein"));
    }

    @Test
    void longestMatchWins() {
        // "Sint-Pieters station" must not stop at a shorter name, and "Stadhuis van Gent" beats "Stadhuis".
        PlaceMatch m = find("Betoging aan het Stadhuis van Gent").get(0);
        assertEquals(new PlaceMatch("stadhuis", "Stadhuis van Gent", "binnenstad", 3, 6), m);
        assertEquals(List.of("dampoort", "gent-dampoort"), ids("Dampoort en station Dampoort"));
        assertEquals(List.of("nieuw-gent-uz", "uz-gent"), ids("Nieuw Gent - UZ, UZ Gent"));
    }

    @Test
    void caseAndDiacriticsInsensitive() {
        assertEquals(List.of("korenmarkt", "francois-laurentplein", "frere-orbanlaan"),
                ids("KORENMARKT, francois laurentplein en de Frere Orbanlaan"));
    }

    @Test
    void hashtagsMatchAndTheirSegmentsAreNotCountedTwice() {
        assertEquals(List.of("korenmarkt"), ids("#korenmarkt"));
        assertEquals(List.of("vrijdagmarkt"), ids("#VrijdagMarkt"));
        assertEquals(List.of("korenmarkt"), ids("#KorenmarktGent"), "segments match when the whole tag does not");
    }

    @Test
    void roadsAreCityWide() {
        List<PlaceMatch> m = find("file op de R4 en E40 richting Brussel, ook B401 dicht");
        assertEquals(List.of("r4", "e40", "b401"), m.stream().map(PlaceMatch::placeId).toList());
        assertTrue(m.stream().allMatch(x -> x.wijk() == null));
        assertEquals(List.of("r40"), ids("ongeval op de kleine ring"));
    }

    @Test
    void urlsAndMentionsDoNotMatch() {
        assertEquals(List.of(), ids("@korenmarkt https://korenmarkt.be"));
        assertEquals(List.of(), ids("geen plaats hier"));
    }

    @Test
    void nearestWijk() {
        assertEquals(Optional.of("binnenstad"), gazetteer.nearestWijk(51.0547, 3.7215));
        assertEquals(Optional.of("zwijnaarde"), gazetteer.nearestWijk(51.0000, 3.7140));
        assertEquals(Optional.of("oostakker"), gazetteer.nearestWijk(51.0960, 3.7720));
        assertEquals(Optional.empty(), gazetteer.nearestWijk(50.8467, 4.3525), "Brussels is not in Ghent");
        assertEquals(Optional.empty(), gazetteer.nearestWijk(Double.NaN, 3.72));
    }

    @Test
    void serialisableForShippingWithTheJob() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(gazetteer);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            Gazetteer copy = (Gazetteer) in.readObject();
            assertEquals(List.of("korenmarkt"), copy.find(tokenizer.tokenize("Korenmarkt")).stream().map(PlaceMatch::placeId).toList());
        }
    }

    // --- loader errors ------------------------------------------------------------------------

    private static final String GOOD_WIJK = """
            wijken:
              - id: binnenstad
                name: Binnenstad
                lat: 51.05
                lon: 3.72
            """;

    private static GazetteerException loadFailing(Path dir, String yaml) throws IOException {
        Files.writeString(dir.resolve("bad.yaml"), yaml);
        return assertThrows(GazetteerException.class, () -> Gazetteer.load(dir));
    }

    @Test
    void yamlSyntaxErrorNamesFileAndLine(@TempDir Path dir) throws IOException {
        GazetteerException e = loadFailing(dir, GOOD_WIJK + """
                places:
                  - id: x
                    name: Kouter: de
                    kind: square
                """);
        assertTrue(e.getMessage().contains("bad.yaml:8: YAML syntax error"), e.getMessage());
    }

    @Test
    void unknownKeyNamesFileAndLine(@TempDir Path dir) throws IOException {
        GazetteerException e = loadFailing(dir, GOOD_WIJK + """
                places:
                  - id: korenmarkt
                    name: Korenmarkt
                    kind: square
                    colour: red
                    lat: 51.05
                    lon: 3.72
                    wijk: binnenstad
                """);
        assertEquals(List.of(dir.resolve("bad.yaml") + ":10: unknown key 'colour' in a place (allowed: aliases, id, kind, lat, lon, name, wijk)"),
                e.problems());
    }

    @Test
    void unknownWijkReferenceIsAnError(@TempDir Path dir) throws IOException {
        GazetteerException e = loadFailing(dir, GOOD_WIJK + """
                places:
                  - id: korenmarkt
                    name: Korenmarkt
                    kind: square
                    lat: 51.05
                    lon: 3.72
                    wijk: centrum
                """);
        assertTrue(e.getMessage().contains("bad.yaml:12: place 'korenmarkt' refers to unknown wijk 'centrum'"), e.getMessage());
    }

    @Test
    void badValuesAreAllReported(@TempDir Path dir) throws IOException {
        GazetteerException e = loadFailing(dir, """
                wijken:
                  - id: Binnen Stad
                    name: Binnenstad
                    lat: 151.05
                    lon: oost
                places:
                  - {id: a, name: A, kind: plaza, lat: 51, lon: 3, wijk: null}
                """);
        assertEquals(4, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).endsWith("bad.yaml:2: id 'Binnen Stad' must be a lower-case slug like 'sint-baafsplein'"), e.getMessage());
        assertTrue(e.getMessage().contains("bad.yaml:4: 'lat' must be a number"), e.getMessage());
        assertTrue(e.getMessage().contains("bad.yaml:5: 'lon' must be a number"), e.getMessage());
        assertTrue(e.getMessage().contains("bad.yaml:7: unknown kind 'plaza'"), e.getMessage());
    }

    @Test
    void missingWijkKeyAndDuplicatesAreErrors(@TempDir Path dir) throws IOException {
        GazetteerException e = loadFailing(dir, GOOD_WIJK + """
                places:
                  - {id: binnenstad, name: Kouter, kind: square, lat: 51, lon: 3, wijk: null}
                  - {id: korenmarkt, name: Korenmarkt, kind: square, lat: 51, lon: 3}
                """);
        assertTrue(e.getMessage().contains("bad.yaml:8: missing key 'wijk'"), e.getMessage());
        e = loadFailing(dir, GOOD_WIJK + """
                places:
                  - {id: binnenstad, name: Kouter, kind: square, lat: 51, lon: 3, wijk: null}
                  - {id: kouter2, name: De Kouter, aliases: [Binnenstad], kind: square, lat: 51, lon: 3, wijk: null}
                """);
        assertTrue(e.getMessage().contains("bad.yaml:7: duplicate id 'binnenstad' (first defined at "), e.getMessage());
        assertTrue(e.getMessage().contains("bad.yaml:8: name 'Binnenstad' of 'kouter2' is also a name of 'binnenstad'"), e.getMessage());
    }

    @Test
    void missingDirectoryOrNoFiles(@TempDir Path dir) {
        assertThrows(GazetteerException.class, () -> Gazetteer.load(dir));
        assertThrows(GazetteerException.class, () -> Gazetteer.load(dir.resolve("nope")));
    }
}
