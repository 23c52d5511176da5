package be.belfort.cluster;

import be.belfort.cluster.AlertChecker.AlertKey;
import be.belfort.ingest.AvroCodec;
import be.belfort.ingest.HostileRecords;
import be.belfort.schema.Platform;
import be.belfort.schema.Post;
import be.belfort.ingest.InvalidInputException;
import be.belfort.ingest.JsonEdge;
import be.belfort.monitor.AnalysisSpec;
import be.belfort.monitor.MonitorConfig;
import be.belfort.replay.ReplayJob;
import be.belfort.schema.Alert;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * A large, deterministic stream of posts with alerts to check: city chatter that matches no saved
 * search, and every 15 minutes of event time a fight on the Korenmarkt (8 posts a minute for 3
 * minutes), raising alerts in {@code binnenstad} and {@code gent}; the exact alert records come from a
 * fault-free replay of the same input ({@link #expectedAlerts()}). Every {@value #DUPLICATE_EVERY}th chatter post is sent twice and
 * after every {@value #MALFORMED_EVERY}th post comes a malformed or hostile record ({@link HostileRecords}: truncated and
 * random Avro, invalid UTF-8, NUL, wrong JSON types, absurd timestamps, tombstones, ...), so the posts can be accounted for exactly.
 */
final class SurgeLoad {
    static final Map<String, String> SURGE_SETTINGS = Map.of(
            "surge.bucket", "1m",
            "surge.min-count", "5",
            "surge.consecutive", "2",
            "surge.quiet-after", "10m");
    static final int DUPLICATE_EVERY = 997;
    /** One record in ten is hostile: ≥ 100,000 of them in a million-post run. */
    static final int MALFORMED_EVERY = 10;
    /** The seed whose first 100,000 hostile records {@code HostileRecordsTest} proves rejected. */
    private static final long HOSTILE_SEED = 42;
    private static final int FIRST_SURGE_MINUTE = 5;
    private static final int SURGE_SPACING_MINUTES = 15;
    private static final int SURGE_MINUTES = 3;
    private static final int FIGHT_PER_MINUTE = 8;
    /** Chatter goes on this long after the last fight, so watermarks pass its resolution. */
    private static final int TAIL_MINUTES = 10;

    /** Verified with {@code belfort classify}: no saved search matches these. */
    private static final String[] CHATTER = {
        "Lekkere koffie gedronken aan de Graslei",
        "Mooi weer vandaag, zalig terrasje gedaan",
        "Nieuwe boeken gekocht in de bibliotheek",
        "What a lovely city, Ghent is beautiful tonight",
        "Quelle belle soirée à Gand",
        "Heerlijke frietjes gegeten met vrienden",
    };
    /** Each matches {@code geweld} and places the post on the Korenmarkt (binnenstad). */
    private static final String[] FIGHT = {
        "Vechtpartij op de Korenmarkt, politie ter plaatse",
        "Zware vechtpartij aan de Korenmarkt, er vallen klappen",
        "Street fight at the Korenmarkt, police everywhere",
        "Gevecht op de Korenmarkt, iemand gewond",
    };
    private static final Platform[] PLATFORMS = {Platform.twitter, Platform.instagram, Platform.mastodon};

    final Instant start;
    final int surges;
    final int minutes;
    private final int chatterPerMinute;
    /** Filled by {@link #produce}: what was sent. */
    int uniquePosts;
    private List<AlertKey> expected;
    int duplicates;
    int malformed;

    /** About {@code records} records with {@code surges} fights, starting two hours before the first needs to. */
    SurgeLoad(int records, int surges) {
        this.surges = surges;
        this.minutes = FIRST_SURGE_MINUTE + (surges - 1) * SURGE_SPACING_MINUTES + SURGE_MINUTES + TAIL_MINUTES;
        this.chatterPerMinute = Math.max(1, (records - surges * SURGE_MINUTES * FIGHT_PER_MINUTE) / minutes);
        // Recent enough for the default ingest.max-age, in the past so none is in the future.
        this.start = Instant.now().minus(Duration.ofMinutes(minutes + 120)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
    }

    /**
     * The alert records the load must produce, each exactly once: what a fault-free, deterministic
     * replay of the same input through the same pipeline raises. Deriving them rather than spelling
     * them out keeps the fault tests about faults, whatever the surge detector decides.
     */
    List<AlertKey> expectedAlerts() {
        if (expected == null) expected = replayExpectation();
        return expected;
    }

    private List<AlertKey> replayExpectation() {
        try {
            Path dir = Files.createTempDirectory("surge-load-");
            Path in = dir.resolve("posts.jsonl");
            Path out = dir.resolve("alerts.jsonl");
            try (BufferedWriter w = Files.newBufferedWriter(in, StandardCharsets.UTF_8)) {
                produce(r -> {
                    if (r.malformed()) return; // rejected by the pipeline; it raises no alert
                    try {
                        w.write(JsonEdge.toJson(AvroCodec.decode(r.value(), Post.class)));
                        w.newLine();
                    } catch (InvalidInputException e) {
                        throw new IllegalStateException("a post of the load does not decode", e);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            Files.createFile(out);
            Path rules = Path.of(System.getProperty("belfort.rules.dir", "../rules"));
            Map<String, String> settings = new HashMap<>(SURGE_SETTINGS);
            settings.put("pseudonym.key", "surge-load-reference-0123456789");
            settings.put("ingest.max-age", "none");
            settings.put("rules.dir", rules.toString());
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            ReplayJob.define(env, List.of(in), MonitorConfig.from(settings), AnalysisSpec.load(rules), out);
            env.execute("surge-load-reference");
            List<AlertKey> keys = new ArrayList<>();
            for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
                Alert a = JsonEdge.fromJson(line, Alert.class);
                keys.add(new AlertKey(a.getId(), a.getStatus(), a.getWindowEnd()));
            }
            return keys;
        } catch (Exception e) {
            throw new IllegalStateException("cannot compute the expected alerts by replay", e);
        }
    }

    /** A record for the posts topic: its key (post id, so copies share a partition), value (null: a tombstone) and whether it must be rejected. */
    record Record(byte[] key, byte[] value, boolean malformed) {}

    /** Streams every record in event-time order, minute by minute, and counts what was sent. */
    void produce(Consumer<Record> out) {
        uniquePosts = 0;
        duplicates = 0;
        malformed = 0;
        long sent = 0;
        long chatter = 0;
        HostileRecords hostile = new HostileRecords(HOSTILE_SEED, Instant.now());
        for (int m = 0; m < minutes; m++) {
            List<Post> posts = new ArrayList<>(chatterPerMinute + FIGHT_PER_MINUTE);
            for (int i = 0; i < chatterPerMinute; i++, chatter++) {
                long ms = (long) i * 60_000 / chatterPerMinute;
                posts.add(post("c-" + chatter, "@buur_" + (chatter % 5000), CHATTER[(int) (chatter % CHATTER.length)],
                        minute(m).plusMillis(ms), PLATFORMS[(int) (chatter % PLATFORMS.length)]));
            }
            int surge = surgeAt(m);
            if (surge >= 0) {
                int k = m - surgeMinute(surge);
                for (int i = 0; i < FIGHT_PER_MINUTE; i++) {
                    posts.add(post("f-" + surge + "-" + k + "-" + i, "@getuige_" + surge + "_" + k + "_" + i,
                            FIGHT[(k + i) % FIGHT.length], minute(m).plusSeconds(i * 7L + 1), Platform.twitter));
                }
            }
            posts.sort(Comparator.comparing(Post::getCreatedAt));
            for (Post p : posts) {
                byte[] key = p.getId().getBytes(StandardCharsets.UTF_8);
                byte[] value = AvroCodec.encode(p);
                out.accept(new Record(key, value, false));
                uniquePosts++;
                if (++sent % MALFORMED_EVERY == 0) {
                    out.accept(new Record(("bad-" + sent).getBytes(StandardCharsets.UTF_8), hostile.next().payload(), true));
                    malformed++;
                }
                if (p.getId().startsWith("c-") && uniquePosts % DUPLICATE_EVERY == 0) {
                    out.accept(new Record(key, value, false));
                    duplicates++;
                }
            }
        }
    }

    int records() {
        return uniquePosts + duplicates + malformed;
    }

    private int surgeMinute(int s) {
        return FIRST_SURGE_MINUTE + s * SURGE_SPACING_MINUTES;
    }

    /** The fight minute {@code m} belongs to, or -1. */
    private int surgeAt(int m) {
        if (m < FIRST_SURGE_MINUTE) return -1;
        int s = (m - FIRST_SURGE_MINUTE) / SURGE_SPACING_MINUTES;
        return s < surges && m - surgeMinute(s) < SURGE_MINUTES ? s : -1;
    }

    private Instant minute(int m) {
        return start.plus(Duration.ofMinutes(m));
    }

    private static Post post(String id, String author, String text, Instant at, Platform platform) {
        return Post.newBuilder().setId(id).setPlatform(platform).setAuthor(author).setText(text).setCreatedAt(at)
                .setLang(null).setGeo(null).setUrl(null).setReplyTo(null).build();
    }
}
