package be.belfort.monitor;

import be.belfort.classify.RawMonitorBaseline;
import be.belfort.classify.RuleSet;
import be.belfort.classify.SavedSearch;
import be.belfort.local.Scenario;
import be.belfort.local.ScenarioGenerator;
import be.belfort.nlp.Lemmatizer;
import be.belfort.nlp.SocialTokenizer;
import be.belfort.nlp.Token;
import be.belfort.schema.Post;
import be.belfort.schema.Severity;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Throughput of the full analysis path ({@link PostAnalyzer}: enrich + classify) on one thread, for
 * the shipped saved searches alone and with thousands of generated ones, next to bare lucene-monitor
 * on the same posts and queries as the reference. Behind {@code belfort bench classify}.
 *
 * <p>Posts come from the Gentse Feesten {@link Scenario} (no duplicates, no malformed records).
 * Generated searches are drawn deterministically from a Dutch vocabulary (a sample of the
 * dictionary's lemmas, {@link Lemmatizer#vocabulary}) with one word in ten taken from the posts,
 * so that like real saved searches most match rarely and some often: single terms, OR lists,
 * phrases, AND/NOT combinations and prefix wildcards, about 70% restricted to Dutch. Each
 * measurement is warmed up on the same posts first.
 *
 * <p>Times are the measuring thread's CPU time, not wall-clock time: on a shared machine other
 * processes would otherwise be counted as our cost. Posts per second is thus "per busy core".
 * Numbers only: nothing here asserts a speed.
 */
public final class ClassifyBenchmark {

    /**
     * What to measure.
     *
     * @param posts         posts per configuration with the shipped searches; configurations with
     *                      more searches use fewer ({@link #postsFor}) so each stays well under a minute
     * @param extraSearches numbers of generated searches to add to the shipped ones, one configuration each
     * @param batchSize     posts per {@link PostAnalyzer#analyzeBatch} call
     * @param seed          seed for posts and generated searches
     */
    public record Config(int posts, List<Integer> extraSearches, int batchSize, long seed) {
        public Config {
            if (posts < 1 || batchSize < 1) {
                throw new IllegalArgumentException("posts and batch size must be positive");
            }
            extraSearches = List.copyOf(extraSearches);
            if (extraSearches.stream().anyMatch(n -> n < 0)) {
                throw new IllegalArgumentException("generated search counts must be >= 0");
            }
        }

        /** 10,000 posts, shipped searches plus 1,000 and plus 10,000 generated ones, batches of 64. */
        public static Config standard() {
            return new Config(10_000, List.of(0, 1_000, 10_000), 64, 20260720L);
        }

        /** Posts for a configuration with {@code searches} searches: fewer as matching gets slower. */
        int postsFor(int searches) {
            return Math.max(100, (int) (posts / (1 + searches / 1_000.0)));
        }
    }

    /**
     * One measured path in one configuration.
     *
     * @param searches     saved searches registered
     * @param path         what was timed
     * @param posts        posts timed (after warm-up)
     * @param postsPerSec  throughput
     * @param microsPerPost mean time per post
     * @param p50Micros    median latency per post, or NaN for batched paths
     * @param p99Micros    99th percentile latency per post, or NaN for batched paths
     */
    public record Row(int searches, String path, int posts, double postsPerSec, double microsPerPost,
                      double p50Micros, double p99Micros) {}

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Distinct Dutch words the generated searches draw from. */
    private static final int VOCABULARY = 20_000;

    private ClassifyBenchmark() {}

    private static long cpuNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /**
     * Runs every configuration.
     *
     * @param spec     the shipped rules and places
     * @param config   what to measure
     * @param progress receives one line per finished measurement
     * @return the rows, configuration by configuration
     */
    public static List<Row> run(AnalysisSpec spec, Config config, Consumer<String> progress) {
        int maxPosts = config.postsFor(0);
        List<Post> posts = posts(maxPosts, config.seed());
        List<Row> rows = new ArrayList<>();
        for (int extra : config.extraSearches()) {
            List<SavedSearch> searches = new ArrayList<>(spec.rules().searches());
            searches.addAll(generatedSearches(extra, posts, config.seed()));
            RuleSet rules = new RuleSet(searches, List.of(), spec.rules().lexicons());
            List<Post> sample = posts.subList(0, Math.min(posts.size(), config.postsFor(searches.size())));
            AnalysisSpec configured = new AnalysisSpec(rules, spec.gazetteer(), spec.publishedAt());
            try (PostAnalyzer analyzer = configured.newAnalyzer("benchmark-key-0123456789".getBytes())) {
                rows.add(report(progress, single(analyzer, sample, searches.size())));
                rows.add(report(progress, batched(analyzer, sample, config.batchSize(), searches.size())));
            }
            try (RawMonitorBaseline raw = new RawMonitorBaseline(rules)) {
                List<String> texts = sample.stream().map(Post::getText).toList();
                rows.add(report(progress, timed(searches.size(), "raw lucene-monitor", texts.size(), () -> {
                    for (String text : texts) {
                        raw.match(List.of(text));
                    }
                })));
                rows.add(report(progress, timed(searches.size(), "raw lucene-monitor, batches of " + config.batchSize(),
                        texts.size(), () -> {
                            for (int i = 0; i < texts.size(); i += config.batchSize()) {
                                raw.match(texts.subList(i, Math.min(texts.size(), i + config.batchSize())));
                            }
                        })));
            }
        }
        return rows;
    }

    private static Row report(Consumer<String> progress, Row row) {
        progress.accept(format(row));
        return row;
    }

    private static Row single(PostAnalyzer analyzer, List<Post> posts, int searches) {
        posts.forEach(analyzer::analyze); // warm-up: JIT, word-form memo, query caches
        long[] latencies = new long[posts.size()];
        long start = cpuNanos();
        for (int i = 0; i < posts.size(); i++) {
            long t = cpuNanos();
            analyzer.analyze(posts.get(i));
            latencies[i] = cpuNanos() - t;
        }
        long total = cpuNanos() - start;
        Arrays.sort(latencies);
        return new Row(searches, "PostAnalyzer.analyze", posts.size(), posts.size() * 1e9 / total,
                total / 1e3 / posts.size(), percentile(latencies, 0.50) / 1e3, percentile(latencies, 0.99) / 1e3);
    }

    private static Row batched(PostAnalyzer analyzer, List<Post> posts, int batchSize, int searches) {
        return timed(searches, "PostAnalyzer.analyzeBatch(" + batchSize + ")", posts.size(), () -> {
            for (int i = 0; i < posts.size(); i += batchSize) {
                analyzer.analyzeBatch(posts.subList(i, Math.min(posts.size(), i + batchSize)));
            }
        });
    }

    /** Runs {@code work} once to warm up, then once timed. */
    private static Row timed(int searches, String path, int posts, Runnable work) {
        work.run();
        long start = cpuNanos();
        work.run();
        long total = cpuNanos() - start;
        return new Row(searches, path, posts, posts * 1e9 / total, total / 1e3 / posts, Double.NaN, Double.NaN);
    }

    private static long percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /** Realistic posts: the Gentse Feesten evening, long enough for {@code n} posts, without junk. */
    static List<Post> posts(int n, long seed) {
        Scenario scenario = Scenario.gentseFeesten()
                .duration(Duration.ofHours(24))
                .backgroundPerMinute(Math.max(20, n / 1_000.0))
                .duplicateFraction(0)
                .malformedFraction(0)
                .seed(seed)
                .build();
        return ScenarioGenerator.posts(scenario).limit(n).toList();
    }

    /**
     * {@code n} saved searches: a mix of terms (35%), OR lists (20%), phrases (15%), AND/NOT
     * combinations (15%) and prefix wildcards with 3 to 6 letters before the {@code *} (15%). Words
     * come from the Dutch vocabulary, one in ten from the posts (words in at most 1% of them); half the phrases are word pairs
     * that occur in the posts. Same posts and seed, same searches.
     */
    static List<SavedSearch> generatedSearches(int n, List<Post> posts, long seed) {
        SocialTokenizer tokenizer = new SocialTokenizer();
        Map<String, Integer> postFrequency = new LinkedHashMap<>();
        Set<String> pairs = new LinkedHashSet<>();
        for (Post post : posts) {
            String previous = null;
            Set<String> seen = new HashSet<>();
            for (Token t : tokenizer.tokenize(post.getText())) {
                String w = t.kind() == Token.Kind.WORD && t.norm().chars().allMatch(Character::isLetter)
                        && t.norm().length() >= 4 ? t.norm() : null;
                if (w != null) {
                    if (seen.add(w)) {
                        postFrequency.merge(w, 1, Integer::sum);
                    }
                    if (previous != null) {
                        pairs.add(previous + " " + w);
                    }
                }
                previous = w;
            }
        }
        // Nobody saves a search for a word in every other post ("gent", "feesten").
        Set<String> words = new LinkedHashSet<>();
        postFrequency.forEach((w, f) -> {
            if (f <= Math.max(1, posts.size() / 100)) {
                words.add(w);
            }
        });
        List<String> postWords = new ArrayList<>(words);
        List<String> bigrams = new ArrayList<>(pairs);
        if (n > 0 && (postWords.size() < 10 || bigrams.isEmpty())) {
            throw new IllegalArgumentException("too few posts to draw searches from: " + posts.size());
        }
        List<String> dutch = n > 0 ? Lemmatizer.vocabulary(VOCABULARY) : List.of();
        Random random = new Random(seed);
        Supplier<String> word = () -> random.nextInt(10) == 0 ? pick(postWords, random) : pick(dutch, random);
        List<SavedSearch> searches = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(100);
            String query;
            if (kind < 35) {
                query = word.get();
            } else if (kind < 55) {
                query = word.get() + " OR " + word.get() + " OR " + word.get();
            } else if (kind < 70) {
                query = '"' + (random.nextBoolean() ? pick(bigrams, random) : word.get() + " " + word.get()) + '"';
            } else if (kind < 85) {
                query = word.get() + " AND (" + word.get() + " OR " + word.get() + ") NOT " + word.get();
            } else {
                String w = word.get();
                query = w.substring(0, Math.min(w.length(), 3 + random.nextInt(4))) + "*";
            }
            Set<String> languages = random.nextInt(10) < 7 ? Set.of("nld") : Set.of();
            String id = String.format(Locale.ROOT, "gen-%05d", i);
            searches.add(new SavedSearch(id, id, query, languages, Set.of(), Severity.low,
                    "benchmark", 1, "generated", i + 1));
        }
        return searches;
    }

    private static String pick(List<String> list, Random random) {
        return list.get(random.nextInt(list.size()));
    }

    /** The rows as an aligned table. */
    public static void print(List<Row> rows, PrintWriter out) {
        out.printf(Locale.ROOT, "%-9s %-38s %7s %10s %9s %9s %9s%n",
                "searches", "path", "posts", "posts/s", "µs/post", "p50 µs", "p99 µs");
        out.println("(thread CPU time; p50/p99: per post on the one-at-a-time path)");
        rows.forEach(r -> out.println(format(r)));
        out.flush();
    }

    private static String format(Row r) {
        return String.format(Locale.ROOT, "%-9d %-38s %7d %10.0f %9.1f %9s %9s", r.searches(), r.path(), r.posts(),
                r.postsPerSec(), r.microsPerPost(), micros(r.p50Micros()), micros(r.p99Micros()));
    }

    private static String micros(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }
}
