package be.belfort.nlp;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads gazetteer YAML through SnakeYAML's node API (not object binding) so every problem can be
 * reported with its file and line, and collects all problems before failing.
 */
final class GazetteerLoader {

    private static final Set<String> TOP_KEYS = Set.of("wijken", "places");
    private static final Set<String> WIJK_KEYS = Set.of("id", "name", "aliases", "lat", "lon");
    private static final Set<String> PLACE_KEYS = Set.of("id", "name", "aliases", "kind", "lat", "lon", "wijk");
    private static final Set<String> KINDS = Set.of("square", "street", "bridge", "station", "park", "venue", "road",
            "landmark", "water", "campus", "hospital", "area");
    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    /** One wijk or place with where it was defined, until the whole set is validated. */
    private record Entry(String id, String name, List<String> aliases, String kind, double lat, double lon,
                         String wijk, boolean isWijk, String file, int line, int wijkLine) {
    }

    private final List<String> problems = new ArrayList<>();
    private final List<Entry> entries = new ArrayList<>();
    private final SocialTokenizer tokenizer = new SocialTokenizer();
    private String file;

    private GazetteerLoader() {
    }

    static Gazetteer load(Path placesDir) {
        GazetteerLoader loader = new GazetteerLoader();
        List<Path> files = loader.yamlFiles(placesDir);
        for (Path f : files) {
            loader.readFile(f);
        }
        Gazetteer gazetteer = loader.problems.isEmpty() ? loader.build() : null;
        if (!loader.problems.isEmpty()) {
            throw new GazetteerException(loader.problems);
        }
        return gazetteer;
    }

    private List<Path> yamlFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new GazetteerException(List.of(dir + ": not a directory"));
        }
        try (Stream<Path> listing = Files.list(dir)) {
            List<Path> files = listing
                    .filter(p -> p.getFileName().toString().endsWith(".yaml") || p.getFileName().toString().endsWith(".yml"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
            if (files.isEmpty()) {
                throw new GazetteerException(List.of(dir + ": no *.yaml files"));
            }
            return files;
        } catch (IOException e) {
            throw new GazetteerException(List.of(dir + ": cannot list directory: " + e.getMessage()));
        }
    }

    private void readFile(Path path) {
        file = path.toString();
        Node root;
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            root = new Yaml(new LoaderOptions()).compose(reader);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = e.getProblem() != null ? e.getProblem() : e.getContext();
            problems.add(file + ":" + (mark == null ? 1 : mark.getLine() + 1) + ": YAML syntax error: " + what);
            return;
        } catch (YAMLException | IOException e) {
            problems.add(file + ": cannot read: " + e.getMessage());
            return;
        }
        if (root == null) {
            return; // an empty file defines nothing
        }
        Map<String, Node> top = mapping(root, TOP_KEYS, "the file");
        if (top == null) {
            return;
        }
        for (Node item : sequence(top.get("wijken"), "wijken")) {
            readEntry(item, true);
        }
        for (Node item : sequence(top.get("places"), "places")) {
            readEntry(item, false);
        }
    }

    private void readEntry(Node node, boolean isWijk) {
        String what = isWijk ? "a wijk" : "a place";
        Map<String, Node> fields = mapping(node, isWijk ? WIJK_KEYS : PLACE_KEYS, what);
        if (fields == null) {
            return;
        }
        int line = line(node);
        int before = problems.size();
        String id = requiredString(fields, "id", node);
        if (id != null && !SLUG.matcher(id).matches()) {
            problem(fields.get("id"), "id '" + id + "' must be a lower-case slug like 'sint-baafsplein'");
        }
        String name = requiredString(fields, "name", node);
        List<String> aliases = new ArrayList<>();
        for (Node alias : sequence(fields.get("aliases"), "aliases")) {
            String value = scalar(alias, "an alias");
            if (value != null) {
                aliases.add(value);
            }
        }
        double lat = coordinate(fields, "lat", node, 90);
        double lon = coordinate(fields, "lon", node, 180);
        String kind = null;
        String wijk = null;
        int wijkLine = line;
        if (!isWijk) {
            kind = requiredString(fields, "kind", node);
            if (kind != null && !KINDS.contains(kind)) {
                problem(fields.get("kind"), "unknown kind '" + kind + "' (allowed: " + String.join(", ", KINDS.stream().sorted().toList()) + ")");
            }
            Node wijkNode = fields.get("wijk");
            if (wijkNode == null) {
                problem(node, "missing key 'wijk' (use 'wijk: null' for city-wide places)");
            } else if (!isNull(wijkNode)) {
                wijk = scalar(wijkNode, "'wijk'");
                wijkLine = line(wijkNode);
            }
        }
        if (problems.size() == before) {
            entries.add(new Entry(id, name, List.copyOf(aliases), kind, lat, lon, wijk, isWijk, file, line, wijkLine));
        }
    }

    /** Cross-file checks and index construction; only called when every file parsed cleanly. */
    private Gazetteer build() {
        Map<String, Entry> byId = new HashMap<>();
        Map<String, Gazetteer.Wijk> wijken = new LinkedHashMap<>();
        List<Gazetteer.Place> places = new ArrayList<>();
        for (Entry e : entries) {
            Entry previous = byId.putIfAbsent(e.id(), e);
            if (previous != null) {
                problems.add(e.file() + ":" + e.line() + ": duplicate id '" + e.id() + "' (first defined at "
                        + previous.file() + ":" + previous.line() + ")");
            } else if (e.isWijk()) {
                wijken.put(e.id(), new Gazetteer.Wijk(e.id(), e.name(), e.aliases(), e.lat(), e.lon()));
            }
        }
        for (Entry e : entries) {
            if (e.isWijk()) {
                continue;
            }
            if (e.wijk() != null && !wijken.containsKey(e.wijk())) {
                problems.add(e.file() + ":" + e.wijkLine() + ": place '" + e.id() + "' refers to unknown wijk '" + e.wijk() + "'");
            }
            places.add(new Gazetteer.Place(e.id(), e.name(), e.aliases(), e.kind(), e.lat(), e.lon(), e.wijk()));
        }
        Gazetteer.Node root = new Gazetteer.Node();
        for (Entry e : entries) {
            Gazetteer.Target target = new Gazetteer.Target(e.id(), e.name(), e.isWijk() ? e.id() : e.wijk());
            List<String> names = new ArrayList<>();
            names.add(e.name());
            names.addAll(e.aliases());
            for (String name : names) {
                index(root, name, target, e);
            }
        }
        return new Gazetteer(new ArrayList<>(wijken.values()), places, root);
    }

    private void index(Gazetteer.Node root, String name, Gazetteer.Target target, Entry e) {
        List<String> parts = new ArrayList<>();
        for (Token t : tokenizer.tokenize(name)) {
            if (t.kind() != Token.Kind.WORD && t.kind() != Token.Kind.NUMBER) {
                problems.add(e.file() + ":" + e.line() + ": name '" + name + "' of '" + e.id()
                        + "' contains '" + t.raw() + "', which is not a word");
                return;
            }
            for (String piece : t.norm().split("-")) {
                if (!piece.isEmpty()) {
                    parts.add(piece);
                }
            }
        }
        if (parts.isEmpty()) {
            problems.add(e.file() + ":" + e.line() + ": name '" + name + "' of '" + e.id() + "' contains no words");
            return;
        }
        List<List<String>> variants = new ArrayList<>();
        variants.add(parts);
        if (parts.contains("sint")) {
            variants.add(parts.stream().map(p -> p.equals("sint") ? "st" : p).toList());
        }
        for (List<String> variant : List.copyOf(variants)) {
            if (variant.size() > 1) {
                variants.add(List.of(String.join("", variant))); // the hashtag form
            }
        }
        for (List<String> variant : variants) {
            Gazetteer.Node node = root;
            for (String part : variant) {
                node = node.childOrCreate(part);
            }
            Gazetteer.Target existing = node.target();
            if (existing == null) {
                node.target(target);
            } else if (!existing.id().equals(target.id())) {
                problems.add(e.file() + ":" + e.line() + ": name '" + name + "' of '" + e.id()
                        + "' is also a name of '" + existing.id() + "'");
                return;
            }
        }
    }

    private Map<String, Node> mapping(Node node, Set<String> allowed, String what) {
        if (!(node instanceof MappingNode map)) {
            problem(node, what + " must be a mapping with keys " + String.join(", ", allowed.stream().sorted().toList()));
            return null;
        }
        Map<String, Node> fields = new HashMap<>();
        boolean ok = true;
        for (NodeTuple tuple : map.getValue()) {
            Node keyNode = tuple.getKeyNode();
            String key = keyNode instanceof ScalarNode s ? s.getValue() : null;
            if (key == null || !allowed.contains(key)) {
                problem(keyNode, "unknown key '" + (key == null ? "?" : key) + "' in " + what
                        + " (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
                ok = false;
            } else if (fields.putIfAbsent(key, tuple.getValueNode()) != null) {
                problem(keyNode, "duplicate key '" + key + "'");
                ok = false;
            }
        }
        return ok ? fields : null;
    }

    private List<Node> sequence(Node node, String what) {
        if (node == null || isNull(node)) {
            return List.of();
        }
        if (!(node instanceof SequenceNode seq)) {
            problem(node, "'" + what + "' must be a list");
            return List.of();
        }
        return seq.getValue();
    }

    private String requiredString(Map<String, Node> fields, String key, Node owner) {
        Node node = fields.get(key);
        if (node == null || isNull(node)) {
            problem(node == null ? owner : node, "missing key '" + key + "'");
            return null;
        }
        return scalar(node, "'" + key + "'");
    }

    private String scalar(Node node, String what) {
        if (!(node instanceof ScalarNode s) || isNull(node) || s.getValue().isBlank()) {
            problem(node, what + " must be a non-empty text");
            return null;
        }
        return s.getValue().strip();
    }

    private double coordinate(Map<String, Node> fields, String key, Node owner, double limit) {
        String text = requiredString(fields, key, owner);
        if (text == null) {
            return Double.NaN;
        }
        try {
            double value = Double.parseDouble(text);
            if (value >= -limit && value <= limit) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problem(fields.get(key), "'" + key + "' must be a number between -" + (int) limit + " and " + (int) limit
                + ", not '" + text + "'");
        return Double.NaN;
    }

    private static boolean isNull(Node node) {
        return Tag.NULL.equals(node.getTag());
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
    }

    private void problem(Node node, String message) {
        problems.add(file + ":" + line(node) + ": " + message);
    }
}
