package be.belfort.cluster;

import be.belfort.cluster.AlertChecker.AlertKey;
import be.belfort.ingest.AvroCodec;
import be.belfort.schema.AlertStatus;
import be.belfort.schema.Platform;
import be.belfort.schema.Post;
import be.belfort.surge.SurgeAlerts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A large, deterministic stream of posts whose alerts are known analytically: city chatter that matches
 * no saved search, and every 15 minutes of event time a fight on the Korenmarkt (8 posts a minute for 3
 * minutes). Under {@link #SURGE_SETTINGS} each fight is exactly one surge in {@code binnenstad} and one
 * in {@code gent}: open at the end of its 2nd minute, update at the end of the 3rd, resolved at the end
 * of the 4th. Every {@value #DUPLICATE_EVERY}th chatter post is sent twice and every
 * {@value #MALFORMED_EVERY}th record is a malformed one, so the posts can be accounted for exactly.
 */
final class SurgeLoad {
    static final Map<String, String> SURGE_SETTINGS = Map.of(
            "surge.bucket", "1m",
            "surge.min-count", "5",
            "surge.consecutive", "2",
            "surge.quiet-after", "10m");
    static final int DUPLICATE_EVERY = 997;
    static final int MALFORMED_EVERY = 20_000;
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

    /** The alert records the load must produce, each exactly once. */
    List<AlertKey> expectedAlerts() {
        List<AlertKey> keys = new ArrayList<>();
        for (int s = 0; s < surges; s++) {
            Instant surgeStart = minute(surgeMinute(s));
            for (String area : List.of("binnenstad", "gent")) {
                String id = SurgeAlerts.alertId(SurgeAlerts.KIND, "geweld", area, surgeStart.toEpochMilli());
                keys.add(new AlertKey(id, AlertStatus.open, surgeStart.plus(Duration.ofMinutes(2))));
                keys.add(new AlertKey(id, AlertStatus.update, surgeStart.plus(Duration.ofMinutes(3))));
                keys.add(new AlertKey(id, AlertStatus.resolved, surgeStart.plus(Duration.ofMinutes(4))));
            }
        }
        return keys;
    }

    /** A record for the posts topic: its key (post id, so copies share a partition) and value. */
    record Record(byte[] key, byte[] value) {}

    /** Streams every record in event-time order, minute by minute, and counts what was sent. */
    void produce(Consumer<Record> out) {
        uniquePosts = 0;
        duplicates = 0;
        malformed = 0;
        long sent = 0;
        long chatter = 0;
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
                out.accept(new Record(key, value));
                uniquePosts++;
                if (++sent % MALFORMED_EVERY == 0) {
                    byte[] bad = ("{\"id\":\"bad-" + sent + "\",\"platform\":\"twitter\",\"text\":").getBytes(StandardCharsets.UTF_8);
                    out.accept(new Record(("bad-" + sent).getBytes(StandardCharsets.UTF_8), bad));
                    malformed++;
                }
                if (p.getId().startsWith("c-") && uniquePosts % DUPLICATE_EVERY == 0) {
                    out.accept(new Record(key, value));
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
