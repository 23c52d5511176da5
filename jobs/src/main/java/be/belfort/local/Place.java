package be.belfort.local;

import java.util.List;
import java.util.Optional;

/**
 * A Ghent location the simulator talks about, with an approximate WGS84 position (for the geo tag
 * some posts carry) and the spellings people use for it in posts. {@link #name()} is the canonical
 * spelling; bursts always use it, so that the place a test expects is the place the text names.
 */
public record Place(String name, double lat, double lon, List<String> spellings) {

    /** Squares, stations, parks and neighbourhoods that come up during the Gentse Feesten. */
    public static final List<Place> GHENT = List.of(
            new Place("Korenmarkt", 51.0547, 3.7216, List.of("Korenmarkt", "korenmarkt")),
            new Place("Vrijdagmarkt", 51.0566, 3.7259, List.of("Vrijdagmarkt", "vrijdagmarkt")),
            new Place("Sint-Baafsplein", 51.0532, 3.7247, List.of("Sint-Baafsplein", "St-Baafsplein")),
            new Place("Graslei", 51.0553, 3.7208, List.of("Graslei", "graslei")),
            new Place("Korenlei", 51.0552, 3.7198, List.of("Korenlei")),
            new Place("Emile Braunplein", 51.0539, 3.7234, List.of("Emile Braunplein")),
            new Place("Gravensteen", 51.0572, 3.7206, List.of("Gravensteen")),
            new Place("Patershol", 51.0588, 3.7228, List.of("Patershol")),
            new Place("Sint-Jacobs", 51.0569, 3.7277, List.of("Sint-Jacobs", "Sint-Jacobskerk")),
            new Place("Kouter", 51.0500, 3.7240, List.of("Kouter")),
            new Place("Dampoort", 51.0562, 3.7402, List.of("Dampoort", "station Dampoort")),
            new Place("Gent-Sint-Pieters", 51.0357, 3.7105,
                    List.of("Gent-Sint-Pieters", "station Gent-Sint-Pieters", "Sint-Pietersstation")),
            new Place("Citadelpark", 51.0379, 3.7226, List.of("Citadelpark", "citadelpark")),
            new Place("Overpoort", 51.0426, 3.7265, List.of("Overpoort", "Overpoortstraat")),
            new Place("Sint-Pietersplein", 51.0424, 3.7262, List.of("Sint-Pietersplein")),
            new Place("Zuid", 51.0475, 3.7308, List.of("Zuid", "Woodrow Wilsonplein")),
            new Place("Ledeberg", 51.0387, 3.7442, List.of("Ledeberg")),
            new Place("Brugse Poort", 51.0570, 3.7010, List.of("Brugse Poort")),
            new Place("Rabot", 51.0618, 3.7115, List.of("Rabot")),
            new Place("Muide", 51.0730, 3.7340, List.of("Muide")),
            new Place("Blaarmeersen", 51.0470, 3.6840, List.of("Blaarmeersen")),
            new Place("Coupure", 51.0520, 3.7110, List.of("Coupure")),
            new Place("Ghelamco Arena", 51.0163, 3.7343, List.of("Ghelamco Arena", "Ghelamco")));

    public Place {
        if (spellings.isEmpty()) {
            throw new IllegalArgumentException("place " + name + " needs at least one spelling");
        }
        spellings = List.copyOf(spellings);
    }

    /** The place of {@link #GHENT} with this canonical name (case-insensitive). */
    public static Optional<Place> named(String name) {
        return GHENT.stream().filter(p -> p.name.equalsIgnoreCase(name)).findFirst();
    }
}
