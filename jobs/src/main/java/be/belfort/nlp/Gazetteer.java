package be.belfort.nlp;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ghent place names: the 25 official wijken (neighbourhoods) and well-known places, read from
 * {@code rules/places/*.yaml} (the format is documented at the top of {@code rules/places/gent.yaml}).
 *
 * <p>Names and aliases are normalised with {@link SocialTokenizer} and stored in a trie over word
 * parts, where hyphenated words count as their parts: "Sint-Pietersplein", "sint pietersplein" and
 * "SINT-PIETERSPLEIN" all match the same entry, but a match always covers whole tokens. Each name is
 * also indexed in its concatenated form, so hashtags such as {@code #sintpietersplein} match, and
 * with "St" for "Sint", the usual abbreviation. Lookup is greedy from left to right, longest match
 * first.
 *
 * <p>Immutable, thread-safe and serialisable, so it can be loaded (and validated) on the Flink
 * client and shipped with the job.
 */
public final class Gazetteer implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The Belfort tower: the centre used to decide whether coordinates are in Ghent at all. */
    static final double CENTRE_LAT = 51.0536;
    static final double CENTRE_LON = 3.7253;
    /** Covers the whole municipality, the port villages in the north included. */
    static final double MAX_DISTANCE_KM = 15.0;
    private static final double EARTH_RADIUS_KM = 6371.0088;

    /**
     * A wijk, one of the city's official neighbourhoods.
     *
     * @param id      slug, e.g. {@code stationsbuurt-zuid}
     * @param name    official name
     * @param aliases other names people use
     * @param lat     approximate centroid latitude (WGS84)
     * @param lon     approximate centroid longitude (WGS84)
     */
    public record Wijk(String id, String name, List<String> aliases, double lat, double lon) implements Serializable {
    }

    /**
     * A named place.
     *
     * @param id      slug, unique across places and wijken
     * @param name    official name
     * @param aliases other names people use
     * @param kind    square, street, bridge, station, park, venue, road, landmark, water, campus,
     *                hospital or area
     * @param lat     latitude (WGS84)
     * @param lon     longitude (WGS84)
     * @param wijk    id of the wijk it lies in, or null when it spans the city (ring roads, motorways)
     */
    public record Place(String id, String name, List<String> aliases, String kind, double lat, double lon,
                        String wijk) implements Serializable {
    }

    /** What a trie entry points to: a place or a wijk. */
    record Target(String id, String name, String wijk) implements Serializable {
    }

    /** Trie over word parts. */
    static final class Node implements Serializable {
        private static final long serialVersionUID = 1L;
        private Map<String, Node> children;
        private Target target;

        Node child(String part) {
            return children == null ? null : children.get(part);
        }

        Node childOrCreate(String part) {
            if (children == null) {
                children = new HashMap<>(4);
            }
            return children.computeIfAbsent(part, p -> new Node());
        }

        Target target() {
            return target;
        }

        void target(Target t) {
            target = t;
        }
    }

    private final List<Wijk> wijken;
    private final List<Place> places;
    private final Node root;

    Gazetteer(List<Wijk> wijken, List<Place> places, Node root) {
        this.wijken = List.copyOf(wijken);
        this.places = List.copyOf(places);
        this.root = root;
    }

    /**
     * Loads every {@code *.yaml} / {@code *.yml} file in a directory.
     *
     * @param placesDir e.g. {@code rules/places}
     * @return the gazetteer
     * @throws GazetteerException listing every problem as {@code file:line: message}: YAML syntax,
     *                            unknown or missing keys, bad values, duplicate ids, references to
     *                            unknown wijken, one name used for two places
     */
    public static Gazetteer load(Path placesDir) {
        return GazetteerLoader.load(placesDir);
    }

    /** @return the wijken, in file order */
    public List<Wijk> wijken() {
        return wijken;
    }

    /** @return the places (wijken excluded), in file order */
    public List<Place> places() {
        return places;
    }

    /**
     * Finds place and wijk names in tokens. URLs, mentions and emoji are never part of a name and
     * separate names. A hashtag that matches as a whole consumes the segment tokens the tokenizer
     * added after it, so {@code #SintPietersPlein} gives one match, not two.
     *
     * @param tokens output of {@link SocialTokenizer#tokenize(String)}
     * @return non-overlapping matches, in text order; the longest name wins at each position
     */
    public List<PlaceMatch> find(List<Token> tokens) {
        int n = tokens.size();
        // Expand tokens into parts (hyphenated words into their pieces); null marks a barrier.
        List<String> parts = new ArrayList<>(n + 4);
        List<Integer> owner = new ArrayList<>(n + 4);
        int[] firstPart = new int[n + 1];
        for (int i = 0; i < n; i++) {
            firstPart[i] = parts.size();
            Token t = tokens.get(i);
            if (t.kind() == Token.Kind.WORD || t.kind() == Token.Kind.NUMBER || t.kind() == Token.Kind.HASHTAG) {
                for (String piece : t.norm().split("-")) {
                    if (!piece.isEmpty()) {
                        parts.add(piece);
                        owner.add(i);
                    }
                }
            } else {
                parts.add(null);
                owner.add(i);
            }
        }
        firstPart[n] = parts.size();

        List<PlaceMatch> matches = new ArrayList<>();
        int token = 0;
        while (token < n) {
            int p = firstPart[token];
            Target best = null;
            int bestEndToken = -1;
            Node node = root;
            for (int q = p; q < parts.size() && parts.get(q) != null; q++) {
                node = node.child(parts.get(q));
                if (node == null) {
                    break;
                }
                boolean endsToken = q + 1 == parts.size() || !owner.get(q + 1).equals(owner.get(q));
                if (node.target() != null && endsToken) {
                    best = node.target();
                    bestEndToken = owner.get(q) + 1;
                }
            }
            if (best == null) {
                token++;
                continue;
            }
            matches.add(new PlaceMatch(best.id(), best.name(), best.wijk(), token, bestEndToken));
            boolean wholeHashtag = bestEndToken == token + 1 && tokens.get(token).kind() == Token.Kind.HASHTAG;
            token = bestEndToken + (wholeHashtag ? SocialTokenizer.hashtagSegmentCount(tokens, token) : 0);
        }
        return matches;
    }

    /**
     * The wijk whose centroid is closest to a point, if the point lies within
     * {@value #MAX_DISTANCE_KM} km of the city centre.
     *
     * @param lat latitude (WGS84)
     * @param lon longitude (WGS84)
     * @return the wijk id, or empty when the point is outside Ghent, invalid, or there are no wijken
     */
    public Optional<String> nearestWijk(double lat, double lon) {
        if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)
                || haversineKm(lat, lon, CENTRE_LAT, CENTRE_LON) > MAX_DISTANCE_KM) {
            return Optional.empty();
        }
        Wijk nearest = null;
        double best = Double.POSITIVE_INFINITY;
        for (Wijk w : wijken) {
            double d = haversineKm(lat, lon, w.lat(), w.lon());
            if (d < best) {
                best = d;
                nearest = w;
            }
        }
        return Optional.ofNullable(nearest).map(Wijk::id);
    }

    static double haversineKm(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1.0, Math.sqrt(a)));
    }
}
