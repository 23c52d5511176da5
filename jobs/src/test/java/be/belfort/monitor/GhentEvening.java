package be.belfort.monitor;

import be.belfort.schema.GeoPoint;
import be.belfort.schema.Platform;
import be.belfort.schema.Post;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A scripted evening whose alerts are known in advance: quiet chatter for 40 minutes, and a fight on
 * the Korenmarkt in minutes 20, 21 and 22 (8 posts a minute from different people). With one-minute
 * buckets, a threshold of 5 and k = 2 that is exactly one surge per area (binnenstad and the whole
 * city): opened at the end of minute 21, updated at the end of minute 22, resolved at the end of 23.
 */
public final class GhentEvening {
    public static final int SURGE_FIRST_MINUTE = 20;
    static final int SURGE_MINUTES = 3;
    static final int SURGE_PER_MINUTE = 8;
    static final int MINUTES = 40;

    /** Settings under which the script's surge is exactly one alert per area. */
    public static final Map<String, String> SURGE_SETTINGS = Map.of(
            "surge.bucket", "1m",
            "surge.min-count", "5",
            "surge.consecutive", "2",
            "surge.quiet-after", "10m");

    private static final String[] CHATTER = {
        "Mooi weer vandaag in Gent, zalig terrasje gedaan ☀️",
        "Wie gaat er vanavond mee naar de Gentse Feesten? #gentsefeesten",
        "Lekkere koffie gedronken aan de Graslei",
        "Geweldig concert op de Korenmarkt gisteren!",
        "Het vuurwerk was prachtig vanavond",
        "Brandnieuw terras geopend aan de Vrijdagmarkt",
        "What a lovely city, Ghent is beautiful tonight",
        "Quelle belle soirée à Gand",
    };

    private static final String[] FIGHT = {
        "Vechtpartij op de Korenmarkt, politie ter plaatse #gentsefeesten",
        "Zware vechtpartij aan de Korenmarkt, er vallen klappen",
        "Gevecht op de Korenmarkt, iemand gewond 😱",
        "Massale vechtpartij Korenmarkt nu, blijf weg",
        "Huge fight at the Korenmarkt right now, police everywhere",
    };

    public final Instant start;
    public final List<Post> posts = new ArrayList<>();
    public final List<String> fightIds = new ArrayList<>();

    /** The evening starting two hours before now (minute-aligned), so live validation accepts it. */
    GhentEvening() {
        this(Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS));
    }

    public GhentEvening(Instant start) {
        this.start = start;
        for (int second = 0; second < MINUTES * 60; second += 20) {
            int n = second / 20;
            posts.add(post("chat-" + n, "@buur_" + (n % 17), CHATTER[n % CHATTER.length], second));
        }
        for (int m = 0; m < SURGE_MINUTES; m++) {
            for (int i = 0; i < SURGE_PER_MINUTE; i++) {
                String id = "fight-" + m + "-" + i;
                fightIds.add(id);
                posts.add(post(id, "@getuige_" + m + "_" + i, FIGHT[(m + i) % FIGHT.length],
                        (SURGE_FIRST_MINUTE + m) * 60 + i * 7 + 1));
            }
        }
        posts.sort((a, b) -> a.getCreatedAt().compareTo(b.getCreatedAt()));
    }

    private Post post(String id, String author, String text, int second) {
        return Post.newBuilder()
                .setId(id)
                .setPlatform(id.hashCode() % 2 == 0 ? Platform.twitter : Platform.instagram)
                .setAuthor(author)
                .setText(text)
                .setCreatedAt(start.plusSeconds(second))
                .setLang(null)
                .setGeo(id.startsWith("fight") && id.endsWith("3") ? new GeoPoint(51.0545, 3.7215) : null)
                .setUrl(null)
                .setReplyTo(null)
                .build();
    }

    /** The repository's rules folder (surefire passes it; ../rules from jobs/ otherwise). */
    public static java.nio.file.Path rulesDir() {
        return java.nio.file.Path.of(System.getProperty("belfort.rules.dir", "../rules"));
    }

    /** Malformed records as they might arrive on the posts topic, with the reason each must be rejected for. */
    static Map<byte[], String> malformed(Instant now) {
        byte[] valid = be.belfort.ingest.AvroCodec.encode(Post.newBuilder()
                .setId("x").setPlatform(Platform.twitter).setAuthor("@x").setText("tekst").setCreatedAt(now).build());
        byte[] truncated = java.util.Arrays.copyOf(valid, valid.length - 4);
        byte[] badUtf8 = concat("{\"id\":\"u1\",\"platform\":\"twitter\",\"author\":\"@a\",\"text\":\"caf".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xC3, (byte) 0x28},
                "\",\"created_at\":\"2026-07-20T21:00:00Z\"}".getBytes(StandardCharsets.UTF_8));
        Map<byte[], String> m = new java.util.LinkedHashMap<>();
        m.put(truncated, "truncated");
        m.put(new byte[] {0x01, 0x7F, 0x33, 0x00, (byte) 0xFE}, "");
        m.put(badUtf8, "UTF-8");
        m.put(json("{\"id\":\"m1\",\"platform\":\"twitter\",\"author\":\"@a\",\"created_at\":\"%s\"}", now), "text");
        m.put(json("{\"id\":\"m2\",\"platform\":\"twitter\",\"author\":\"@a\",\"text\":\"hallo\",\"created_at\":\"%s\"}",
                now.plus(Duration.ofDays(3650))), "future");
        m.put(json("{\"id\":\"m3\",\"platform\":\"twitter\",\"author\":\"@a\",\"text\":\"" + "a".repeat(30_000)
                + "\",\"created_at\":\"%s\"}", now), "longer than");
        return m;
    }

    private static byte[] json(String template, Instant at) {
        return String.format(template, at).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
