package be.belfort.surge;

import be.belfort.config.YamlText;
import be.belfort.classify.RuleProblem;
import be.belfort.config.Durations;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads {@code rules/surge.yaml} into {@link SurgeRules}, every problem with {@code file:line}. Every
 * key is optional (a missing one keeps its {@link SurgeRules#defaults() default}); unknown and repeated
 * keys, wrong types and out-of-range values are errors. The format is documented in the file itself.
 */
public final class SurgeRulesLoader {

    /** The file name inside a rules folder. */
    public static final String FILE = "surge.yaml";

    private static final Pattern ID = Pattern.compile("[a-z0-9-]+");

    private SurgeRulesLoader() {}

    /** Rules and the problems found; the rules are only meaningful when there are no problems. */
    public record Loaded(SurgeRules rules, List<RuleProblem> problems) {}

    /** {@code <rulesDir>/surge.yaml}, or the defaults when the folder has none. */
    public static Loaded loadFrom(Path rulesDir) {
        Path file = rulesDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return new Loaded(SurgeRules.defaults(), List.of());
        }
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Loaded(SurgeRules.defaults(), List.of(new RuleProblem(file.toString(), 0,
                    "cannot read: " + e.getMessage())));
        }
    }

    public static Loaded parse(String file, String text) {
        Reader r = new Reader(file);
        SurgeRules rules = r.read(text);
        return new Loaded(rules, List.copyOf(r.problems));
    }

    /** Walks the node tree, recording problems against the file. */
    private static final class Reader {
        private final String file;
        private final List<RuleProblem> problems = new ArrayList<>();

        Reader(String file) {
            this.file = file;
        }

        SurgeRules read(String text) {
            SurgeRules d = SurgeRules.defaults();
            boolean[] syntaxError = {false};
            Node root = YamlText.compose(text, (line, message) -> {
                syntaxError[0] = true;
                problem(line, message);
            });
            if (syntaxError[0]) {
                return d;
            }
            if (root == null) {
                return d;
            }
            Map<String, Node> top = mapping(root, "the file", Set.of("min_count", "min_authors", "baseline", "patterns", "alerts"));
            Map<String, Node> baseline = mapping(top.get("baseline"), "baseline",
                    Set.of("alpha", "season", "zone", "warmup", "clip", "forget_after"));
            Map<String, Node> patterns = mapping(top.get("patterns"), "patterns",
                    Set.of("surge", "spike", "hotspot", "peak", "escalations"));
            Map<String, Node> surge = mapping(patterns.get("surge"), "surge", Set.of("threshold", "consecutive", "span", "cap"));
            Map<String, Node> spike = mapping(patterns.get("spike"), "spike", Set.of("threshold"));
            Map<String, Node> hotspot = mapping(patterns.get("hotspot"), "hotspot", Set.of("enabled"));
            Map<String, Node> peak = mapping(patterns.get("peak"), "peak", Set.of("half_life", "margin"));
            Map<String, Node> alerts = mapping(top.get("alerts"), "alerts", Set.of("resolve_below", "calm_buckets", "cooldown"));

            List<SurgeRules.Sequence> sequences = new ArrayList<>(d.sequences());
            List<SurgeRules.Rising> risings = new ArrayList<>(d.risings());
            if (patterns.containsKey("escalations")) {
                sequences.clear();
                risings.clear();
                escalations(patterns.get("escalations"), sequences, risings);
            }
            return new SurgeRules(
                    integer(top.get("min_count"), "min_count", d.minCount(), 1, 1_000_000),
                    integer(top.get("min_authors"), "min_authors", d.minAuthors(), 1, 1_000_000),
                    number(baseline.get("alpha"), "alpha", d.alpha(), 0.0001, 1),
                    season(baseline.get("season"), d.season()),
                    zone(baseline.get("zone"), d.zone()),
                    duration(baseline.get("warmup"), "warmup", d.warmup(), Duration.ZERO),
                    number(baseline.get("clip"), "clip", d.clip(), 0.5, 100),
                    duration(baseline.get("forget_after"), "forget_after", d.forgetAfter(), Duration.ofHours(1)),
                    number(surge.get("threshold"), "surge threshold", d.surgeThreshold(), 0.1, 1000),
                    integer(surge.get("consecutive"), "consecutive", d.consecutive(), 1, 100),
                    duration(surge.get("span"), "span", d.span(), Duration.ofMinutes(1)),
                    number(surge.get("cap"), "cap", d.cap(), 0.5, 100),
                    number(spike.get("threshold"), "spike threshold", d.spikeThreshold(), 0.1, 1000),
                    bool(hotspot.get("enabled"), "enabled", d.hotspot()),
                    duration(peak.get("half_life"), "half_life", d.peakHalfLife(), Duration.ofMinutes(1)),
                    number(peak.get("margin"), "margin", d.peakMargin(), 0, 100),
                    number(alerts.get("resolve_below"), "resolve_below", d.resolveBelow(), 0, 1000),
                    integer(alerts.get("calm_buckets"), "calm_buckets", d.calmBuckets(), 1, 1000),
                    duration(alerts.get("cooldown"), "cooldown", d.cooldown(), Duration.ZERO),
                    sequences, risings);
        }

        private void escalations(Node node, List<SurgeRules.Sequence> sequences, List<SurgeRules.Rising> risings) {
            if (!(node instanceof SequenceNode list)) {
                problem(line(node), "'escalations' must be a list, found " + kind(node));
                return;
            }
            Set<String> ids = new HashSet<>();
            for (Node item : list.getValue()) {
                Map<String, Node> e = mapping(item, "an escalation", Set.of("id", "first", "then", "within", "rising", "buckets"));
                String id = word(e.get("id"), "id");
                if (id == null) {
                    problem(line(item), "an escalation needs an 'id'");
                } else if (!ids.add(id)) {
                    problem(line(e.get("id")), "duplicate escalation id '" + id + "'");
                }
                if (e.containsKey("rising")) {
                    for (String other : List.of("first", "then", "within")) {
                        if (e.containsKey(other)) {
                            problem(line(e.get(other)), "'" + other + "' does not go with 'rising'");
                        }
                    }
                    String topic = word(e.get("rising"), "rising");
                    int buckets = integer(e.get("buckets"), "buckets", 3, 2, 100);
                    if (id != null && topic != null) {
                        risings.add(new SurgeRules.Rising(id, topic, buckets));
                    }
                } else {
                    String first = word(e.get("first"), "first");
                    String then = word(e.get("then"), "then");
                    Duration within = duration(e.get("within"), "within", null, Duration.ofMinutes(1));
                    if (e.containsKey("buckets")) {
                        problem(line(e.get("buckets")), "'buckets' only goes with 'rising'");
                    }
                    if (first == null || then == null || within == null) {
                        problem(line(item), "escalation needs either 'first', 'then' and 'within', or 'rising'");
                    } else if (id != null) {
                        sequences.add(new SurgeRules.Sequence(id, first, then, within));
                    }
                }
            }
        }

        /** The keys of a mapping (empty for an absent node); unknown and repeated keys are problems. */
        private Map<String, Node> mapping(Node node, String what, Set<String> known) {
            Map<String, Node> values = new LinkedHashMap<>();
            if (node == null) {
                return values;
            }
            if (!(node instanceof MappingNode map)) {
                problem(line(node), what + " must be a mapping of keys " + sorted(known) + ", found " + kind(node));
                return values;
            }
            for (NodeTuple t : map.getValue()) {
                String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
                if (key == null || !known.contains(key)) {
                    problem(line(t.getKeyNode()), "unknown key '" + key + "' in " + what + "; known keys are " + sorted(known));
                } else if (values.putIfAbsent(key, t.getValueNode()) != null) {
                    problem(line(t.getKeyNode()), "duplicate key '" + key + "'");
                }
            }
            return values;
        }

        private String scalar(Node node, String key) {
            if (!(node instanceof ScalarNode s) || s.getValue().isBlank()) {
                problem(line(node), "'" + key + "' must be a value, found " + kind(node));
                return null;
            }
            return s.getValue().strip();
        }

        private String word(Node node, String key) {
            if (node == null) {
                return null;
            }
            String v = scalar(node, key);
            if (v != null && !ID.matcher(v).matches()) {
                problem(line(node), "'" + key + "' must match [a-z0-9-]+, found '" + v + "'");
                return null;
            }
            return v;
        }

        private int integer(Node node, String key, int fallback, int min, int max) {
            return (int) bounded(node, key, fallback, min, max, "a whole number", Integer::parseInt);
        }

        private double number(Node node, String key, double fallback, double min, double max) {
            return bounded(node, key, fallback, min, max, "a number", Double::parseDouble);
        }

        /** A scalar within [min, max]; {@code fallback} when absent, or after recording a problem. */
        private double bounded(Node node, String key, double fallback, double min, double max, String kind,
                               ToDoubleFunction<String> parse) {
            if (node == null) {
                return fallback;
            }
            String v = scalar(node, key);
            if (v == null) {
                return fallback;
            }
            double n;
            try {
                n = parse.applyAsDouble(v);
            } catch (NumberFormatException e) {
                problem(line(node), "'" + key + "' must be " + kind + ", found '" + v + "'");
                return fallback;
            }
            if (!(n >= min && n <= max)) {
                problem(line(node), "'" + key + "' must be between " + bound(min) + " and " + bound(max) + ", found " + v);
                return fallback;
            }
            return n;
        }

        private static String bound(double value) {
            return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
        }

        private boolean bool(Node node, String key, boolean fallback) {
            if (node == null) {
                return fallback;
            }
            String v = scalar(node, key);
            if ("true".equals(v) || "false".equals(v)) {
                return Boolean.parseBoolean(v);
            }
            if (v != null) {
                problem(line(node), "'" + key + "' must be true or false, found '" + v + "'");
            }
            return fallback;
        }

        private Duration duration(Node node, String key, Duration fallback, Duration min) {
            if (node == null) {
                return fallback;
            }
            String v = scalar(node, key);
            if (v == null) {
                return fallback;
            }
            try {
                Duration d = Durations.parse(v);
                if (d.compareTo(min) < 0) {
                    problem(line(node), "'" + key + "' must be at least " + Durations.format(min) + ", found " + v);
                    return fallback;
                }
                return d;
            } catch (RuntimeException e) {
                problem(line(node), "'" + key + "': " + e.getMessage());
                return fallback;
            }
        }

        private SurgeRules.Season season(Node node, SurgeRules.Season fallback) {
            if (node == null) {
                return fallback;
            }
            String v = scalar(node, "season");
            for (SurgeRules.Season s : SurgeRules.Season.values()) {
                if (s.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(v)) {
                    return s;
                }
            }
            if (v != null) {
                problem(line(node), "'season' must be one of none, hour-of-day, hour-of-week, found '" + v + "'");
            }
            return fallback;
        }

        private ZoneId zone(Node node, ZoneId fallback) {
            if (node == null) {
                return fallback;
            }
            String v = scalar(node, "zone");
            try {
                return v == null ? fallback : ZoneId.of(v);
            } catch (DateTimeException e) {
                problem(line(node), "'zone' must be a time zone such as Europe/Brussels, found '" + v + "'");
                return fallback;
            }
        }

        private static List<String> sorted(Set<String> keys) {
            return keys.stream().sorted().toList();
        }

        private static String kind(Node node) {
            if (node instanceof SequenceNode) {
                return "a list";
            }
            if (node instanceof MappingNode) {
                return "a mapping";
            }
            return node == null ? "nothing" : "'" + ((ScalarNode) node).getValue() + "'";
        }

        private static int line(Node node) {
            return node == null ? 0 : node.getStartMark().getLine() + 1;
        }

        private void problem(int line, String message) {
            problems.add(new RuleProblem(file, line, message));
        }
    }
}
