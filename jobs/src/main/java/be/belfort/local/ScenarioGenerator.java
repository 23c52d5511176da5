package be.belfort.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import be.belfort.local.PostTemplates.Template;
import be.belfort.schema.GeoPoint;
import be.belfort.schema.Post;
import be.belfort.schema.Platform;

/**
 * Turns a {@link Scenario} into the records a firehose would deliver, in send order, without Kafka.
 * Pure and deterministic: two generators for equal scenarios yield equal {@link Emission}s.
 *
 * <p>Arrivals are Poisson processes, one for the background and one per {@link Burst}. Each arrival
 * is, with {@link Scenario#malformedFraction()}, replaced by a malformed record (the kinds take
 * turns, so a short run still shows every kind), otherwise it is a post that is, with {@link Scenario#duplicateFraction()}, sent again
 * 1 to 20 simulated seconds later. A post's {@code created_at} lies 0 to 20 s (exponential, mean 2 s)
 * before its arrival, like the delivery lag of a real feed. Background authors come from a pool of
 * 2000 handles with a few very chatty ones; burst authors are drawn uniformly from the pool, so a
 * burst has many distinct authors.
 */
public final class ScenarioGenerator implements Iterator<Emission> {

    private static final ZoneId GHENT = ZoneId.of("Europe/Brussels");
    /** Twitter's snowflake epoch; ids look like real post ids and sort by time. */
    private static final long SNOWFLAKE_EPOCH_MS = 1_288_834_974_657L;
    private static final double MEAN_LAG_MS = 2_000;
    private static final long MAX_LAG_MS = 20_000;
    private static final long MIN_DUPLICATE_DELAY_MS = 1_000;
    private static final long MAX_DUPLICATE_DELAY_MS = 20_000;
    private static final double GEO_FRACTION = 0.2;
    private static final double REPLY_FRACTION = 0.08;
    private static final int LOCAL_AUTHORS = 1_700;
    private static final int TOURIST_AUTHORS = 300;
    private static final int RECENT_IDS = 200;
    /** Just under 1 MB of UTF-8, so the record still fits Kafka's default 1 MiB request size. */
    private static final int OVERSIZED_TEXT_BYTES = 1_000_000;

    private static final List<Platform> PLATFORMS = List.of(
            Platform.twitter, Platform.instagram, Platform.facebook, Platform.bluesky,
            Platform.mastodon, Platform.youtube, Platform.meldpunt);
    private static final double[] PLATFORM_WEIGHTS = {0.45, 0.20, 0.15, 0.09, 0.05, 0.03, 0.03};

    private static final List<String> LOCAL_NAMES = List.of(
            "jan", "pieter", "lotte", "emma", "ruben", "sofie", "wout", "lien", "jens", "elke", "tom", "an",
            "bart", "nele", "stijn", "fien", "arne", "lore", "kobe", "marie", "yasmine", "mohamed", "ayoub",
            "sara", "elif", "kevin", "jolien", "thibault", "griet", "dries", "ine", "seppe", "hanne", "lucas",
            "louise", "mathias", "amira", "bilal", "femke", "joke", "koen", "veerle", "warre", "nora", "rik");
    private static final List<String> LOCAL_TAGS = List.of("gent", "ajuin", "stroppe", "vdb", "dc", "be", "gnt", "9000", "x");
    private static final List<String> TOURIST_NAMES = List.of(
            "kate", "tom", "emily", "james", "chloe", "pierre", "juliette", "sophie", "ben", "liam", "olivia",
            "camille", "hugo", "lea", "noah", "mia", "oscar", "manon");
    private static final List<String> TOURIST_TAGS = List.of("travels", "abroad", "lyon", "paris", "uk", "lille", "wanders");
    private static final String ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final Scenario scenario;
    private final Random random;
    private final List<Source> sources = new ArrayList<>();
    private final PriorityQueue<Pending> duplicates = new PriorityQueue<>(
            Comparator.comparingLong(Pending::atMs).thenComparingLong(Pending::order));
    private final List<String> localAuthors;
    private final List<String> touristAuthors;
    private final ArrayDeque<String> recentIds = new ArrayDeque<>();
    private long sequence;
    private int malformedCount;

    /** A generator at the beginning of the scenario. */
    public ScenarioGenerator(Scenario scenario) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.random = new Random(scenario.seed());
        this.localAuthors = authors(LOCAL_AUTHORS, LOCAL_NAMES, LOCAL_TAGS);
        this.touristAuthors = authors(TOURIST_AUTHORS, TOURIST_NAMES, TOURIST_TAGS);
        long durationMs = scenario.duration().toMillis();
        sources.add(new Source(null, null, 0, durationMs, scenario.backgroundPerMinute()));
        for (Burst b : scenario.bursts()) {
            if (PostTemplates.of(b.kind()).stream().noneMatch(Template::mentionsPlace)) {
                throw new IllegalArgumentException("no templates about a place for " + b.kind());
            }
            sources.add(new Source(b.kind(), b.place(), b.startOffset().toMillis(),
                    Math.min(durationMs, b.endOffset().toMillis()), b.postsPerMinute()));
        }
        for (Source s : sources) {
            s.nextMs = s.fromMs + interArrival(s);
        }
    }

    /** Every emission of the scenario, in send order. */
    public static Stream<Emission> stream(Scenario scenario) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(new ScenarioGenerator(scenario),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /**
     * The posts of every emission that carries one, in send order: valid posts, their re-sent
     * duplicates and the well-formed posts with out-of-range values (10 years ahead, 1 MB of text).
     */
    public static Stream<Post> posts(Scenario scenario) {
        return stream(scenario).map(Emission::post).filter(Objects::nonNull);
    }

    public Scenario scenario() {
        return scenario;
    }

    @Override
    public boolean hasNext() {
        return nextSource() != null || !duplicates.isEmpty();
    }

    @Override
    public Emission next() {
        Source source = nextSource();
        Pending duplicate = duplicates.peek();
        if (duplicate != null && (source == null || duplicate.atMs <= source.nextMs)) {
            return duplicates.poll().emission;
        }
        if (source == null) {
            throw new NoSuchElementException("scenario " + scenario.name() + " is over");
        }
        long atMs = source.nextMs;
        source.nextMs += interArrival(source);
        return arrival(source, atMs);
    }

    private Source nextSource() {
        Source best = null;
        for (Source s : sources) {
            if (s.nextMs < s.toMs && (best == null || s.nextMs < best.nextMs)) {
                best = s;
            }
        }
        return best;
    }

    private long interArrival(Source s) {
        if (s.perMs <= 0) {
            return Long.MAX_VALUE / 2;
        }
        // At least 1 ms so that two arrivals of one source never share a timestamp.
        return Math.max(1, Math.round(-Math.log(1 - random.nextDouble()) / s.perMs));
    }

    private Emission arrival(Source source, long atMs) {
        Duration offset = Duration.ofMillis(atMs);
        Generated g = generate(source, atMs);
        if (random.nextDouble() < scenario.malformedFraction()) {
            MalformedKind kind = MalformedKind.values()[malformedCount++ % MalformedKind.values().length];
            return malformed(kind, offset, g);
        }
        byte[] payload = encode(g.post);
        Emission emission = new Emission(offset, Emission.Type.POST, g.post.getId(), payload, g.post, null,
                g.content, g.place);
        remember(g.post.getId());
        if (random.nextDouble() < scenario.duplicateFraction()) {
            long delay = MIN_DUPLICATE_DELAY_MS
                    + (long) (random.nextDouble() * (MAX_DUPLICATE_DELAY_MS - MIN_DUPLICATE_DELAY_MS));
            Emission again = new Emission(offset.plusMillis(delay), Emission.Type.DUPLICATE, g.post.getId(),
                    payload, g.post, null, g.content, g.place);
            duplicates.add(new Pending(atMs + delay, sequence, again));
        }
        return emission;
    }

    private Emission malformed(MalformedKind kind, Duration offset, Generated g) {
        Post post = g.post;
        String id = post.getId();
        return switch (kind) {
            case TRUNCATED_AVRO -> {
                byte[] full = encode(post);
                int cut = full.length / 4 + random.nextInt(full.length - full.length / 4);
                yield bad(kind, offset, id, Arrays.copyOf(full, cut), null, null);
            }
            case RANDOM_BYTES -> {
                byte[] bytes = new byte[16 + random.nextInt(497)];
                random.nextBytes(bytes);
                yield bad(kind, offset, null, bytes, null, null);
            }
            case INVALID_UTF8_JSON -> {
                byte[] json = ("{\"id\":\"" + id + "\",\"platform\":\"" + post.getPlatform() + "\",\"author\":"
                        + jsonString(post.getAuthor()) + ",\"text\":" + jsonString(post.getText())
                        + ",\"created_at\":\"" + post.getCreatedAt() + "\"}").getBytes(StandardCharsets.UTF_8);
                // Right after the text's opening quote: 0xC3 needs a continuation byte (0x80-0xBF)
                // but gets '(', and 0xFF never occurs in UTF-8.
                int at = new String(json, StandardCharsets.ISO_8859_1).indexOf("\"text\":\"") + 8;
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(json.length + 3);
                bytes.write(json, 0, at);
                bytes.writeBytes(new byte[] {(byte) 0xC3, '(', (byte) 0xFF});
                bytes.write(json, at, json.length - at);
                yield bad(kind, offset, id, bytes.toByteArray(), null, null);
            }
            case JSON_MISSING_FIELDS -> bad(kind, offset, id, ("{\"id\":\"" + id + "\",\"platform\":\""
                    + post.getPlatform() + "\",\"created_at\":\"" + post.getCreatedAt() + "\",\"lang\":"
                    + (post.getLang() == null ? "null" : jsonString(post.getLang())) + "}")
                    .getBytes(StandardCharsets.UTF_8), null, null);
            case TIMESTAMP_OUT_OF_RANGE -> {
                Post future = Post.newBuilder(post)
                        .setCreatedAt(post.getCreatedAt().atZone(GHENT).plusYears(10).toInstant())
                        .build();
                yield bad(kind, offset, id, encode(future), future, g);
            }
            case OVERSIZED_TEXT -> {
                String sentence = post.getText() + " ";
                int copies = OVERSIZED_TEXT_BYTES / sentence.getBytes(StandardCharsets.UTF_8).length;
                Post huge = Post.newBuilder(post).setText(sentence.repeat(copies).strip()).build();
                yield bad(kind, offset, id, encode(huge), huge, g);
            }
        };
    }

    private static Emission bad(MalformedKind kind, Duration offset, String key, byte[] payload, Post post,
                                Generated about) {
        return new Emission(offset, Emission.Type.MALFORMED, key, payload, post, kind,
                about == null ? null : about.content, about == null ? null : about.place);
    }

    /** A fresh post from {@code source} arriving at {@code atMs}. */
    private Generated generate(Source source, long atMs) {
        boolean burst = source.kind != null;
        ContentKind kind = burst ? source.kind : pickKind();
        List<Template> candidates = burst
                ? PostTemplates.of(kind).stream().filter(Template::mentionsPlace).toList()
                : PostTemplates.of(kind);
        Template template = pick(candidates);

        String placeName = null;
        Place place = null;
        String placeText = null;
        if (template.mentionsPlace()) {
            if (burst) {
                placeName = source.place;
                place = Place.named(placeName).orElse(null);
                placeText = placeName;
            } else {
                place = pick(Place.GHENT);
                placeName = place.name();
                placeText = pick(place.spellings());
            }
        }

        long lag = Math.min(Math.min(MAX_LAG_MS, atMs), Math.round(-Math.log(1 - random.nextDouble()) * MEAN_LAG_MS));
        Instant createdAt = scenario.start().plusMillis(atMs - lag);
        String text = fill(template, placeText, createdAt, kind);

        Platform platform = pickPlatform();
        boolean tourist = !template.lang().equals("nl") && random.nextDouble() < 0.8;
        List<String> pool = tourist ? touristAuthors : localAuthors;
        double u = random.nextDouble();
        // Bursts draw authors uniformly (many distinct witnesses); background chatter is skewed
        // towards the head of the pool (a few accounts post a lot).
        String author = pool.get((int) (pool.size() * (burst ? u : u * u)));

        String id = Long.toString(((createdAt.toEpochMilli() - SNOWFLAKE_EPOCH_MS) << 22) | (sequence++ & 0x3F_FFFF));
        GeoPoint geo = null;
        if (random.nextDouble() < GEO_FRACTION) {
            Place around = place != null ? place : pick(Place.GHENT);
            // About +-150 m around the place: phones are not precise and crowds are spread out.
            geo = new GeoPoint(round6(around.lat() + (random.nextDouble() - 0.5) * 0.0027),
                    round6(around.lon() + (random.nextDouble() - 0.5) * 0.0043));
        }
        String lang = switch (platform) {
            case twitter -> random.nextDouble() < 0.8 ? template.lang() : null;
            case mastodon, bluesky -> random.nextDouble() < 0.6 ? template.lang() : null;
            default -> null;
        };
        String replyTo = !recentIds.isEmpty() && random.nextDouble() < REPLY_FRACTION
                ? List.copyOf(recentIds).get(random.nextInt(recentIds.size())) : null;

        Post post = Post.newBuilder()
                .setId(id)
                .setPlatform(platform)
                .setAuthor(author)
                .setText(text)
                .setCreatedAt(createdAt)
                .setLang(lang)
                .setGeo(geo)
                .setUrl(permalink(platform, id))
                .setReplyTo(replyTo)
                .build();
        return new Generated(post, kind, placeName);
    }

    private String fill(Template template, String placeText, Instant createdAt, ContentKind kind) {
        // {time} is a moment just past ("vermist sinds 22u05"), {later} an upcoming quarter hour
        // ("om 22u45 begint het optreden").
        ZonedDateTime past = createdAt.minusSeconds(60L * random.nextInt(20)).atZone(GHENT);
        ZonedDateTime now = createdAt.atZone(GHENT);
        ZonedDateTime later = now.truncatedTo(ChronoUnit.HOURS)
                .plusMinutes(15L * (now.getMinute() / 15 + 1 + random.nextInt(4)));
        String text = template.text()
                .replace("{place}", placeText == null ? "" : placeText)
                .replace("{time}", clock(template.lang(), past))
                .replace("{later}", clock(template.lang(), later))
                .replace("{n}", Integer.toString(2 + random.nextInt(11)))
                .replace("{road}", pick(PostTemplates.ROADS))
                .replace("{joy}", pick(PostTemplates.JOY))
                .replace("{angry}", pick(PostTemplates.ANGRY))
                .replace("{worry}", pick(PostTemplates.WORRY));

        if (!kind.isPhenomenon()) {
            // Online spelling: all lower case, or one drawn-out vowel ("zaaalig"). Kept out of
            // phenomenon posts so the words a saved search looks for stay intact.
            double style = random.nextDouble();
            if (style < 0.15) {
                text = text.toLowerCase(Locale.ROOT);
            } else if (style < 0.22) {
                text = elongate(text);
            }
        }
        StringBuilder out = new StringBuilder(text);
        if (random.nextDouble() < 0.35) {
            String first = pick(PostTemplates.HASHTAGS);
            out.append(' ').append(first);
            String second = pick(PostTemplates.HASHTAGS);
            if (random.nextDouble() < 0.4 && !second.equals(first)) {
                out.append(' ').append(second);
            }
        }
        if (random.nextDouble() < 0.08) {
            out.append(' ').append(pick(PostTemplates.MENTIONS));
        }
        if (random.nextDouble() < 0.08) {
            out.append(" https://t.co/").append(randomCode(10));
        }
        return out.toString();
    }

    private static String clock(String lang, ZonedDateTime t) {
        String separator = switch (lang) {
            case "en" -> ":";
            case "fr" -> "h";
            default -> "u";
        };
        return t.getHour() + separator + String.format(Locale.ROOT, "%02d", t.getMinute());
    }

    /** Repeats a vowel that stands alone in a word of five or more letters ("zalig" → "zaaalig"). */
    private String elongate(String text) {
        String[] words = text.split(" ");
        int start = random.nextInt(words.length);
        for (int i = 0; i < words.length; i++) {
            String w = words[(start + i) % words.length];
            if (w.length() < 5 || !w.chars().allMatch(Character::isLetter)) {
                continue;
            }
            for (int c = 1; c < w.length() - 1; c++) {
                char ch = w.charAt(c);
                if ("aeiou".indexOf(ch) >= 0 && w.charAt(c - 1) != ch && w.charAt(c + 1) != ch) {
                    words[(start + i) % words.length] = w.substring(0, c) + String.valueOf(ch).repeat(4) + w.substring(c + 1);
                    return String.join(" ", words);
                }
            }
        }
        return text;
    }

    private ContentKind pickKind() {
        Map<ContentKind, Double> mix = scenario.backgroundMix();
        double total = mix.values().stream().mapToDouble(Double::doubleValue).sum();
        double r = random.nextDouble() * total;
        ContentKind last = null;
        for (var e : mix.entrySet()) {
            last = e.getKey();
            r -= e.getValue();
            if (r < 0) {
                return last;
            }
        }
        return last;
    }

    private Platform pickPlatform() {
        double r = random.nextDouble();
        for (int i = 0; i < PLATFORMS.size(); i++) {
            r -= PLATFORM_WEIGHTS[i];
            if (r < 0) {
                return PLATFORMS.get(i);
            }
        }
        return Platform.twitter;
    }

    private String permalink(Platform platform, String id) {
        // No handles in URLs: a URL travels further through the pipeline than the author field.
        return switch (platform) {
            case twitter -> "https://x.com/i/web/status/" + id;
            case instagram -> "https://www.instagram.com/p/" + randomCode(11) + "/";
            case facebook -> "https://www.facebook.com/permalink.php?story_fbid=" + id;
            case youtube -> "https://www.youtube.com/watch?v=" + randomCode(11);
            default -> null;
        };
    }

    private List<String> authors(int count, List<String> names, List<String> tags) {
        Set<String> handles = new LinkedHashSet<>();
        while (handles.size() < count) {
            String name = pick(names);
            String handle = switch (random.nextInt(4)) {
                case 0 -> name + "_" + pick(tags) + String.format(Locale.ROOT, "%02d", (70 + random.nextInt(40)) % 100);
                case 1 -> name + random.nextInt(1000);
                case 2 -> name + "." + pick(tags) + random.nextInt(100);
                default -> pick(tags) + "_" + name + "_" + random.nextInt(100);
            };
            handles.add("@" + handle);
        }
        return List.copyOf(handles);
    }

    private void remember(String id) {
        if (recentIds.size() == RECENT_IDS) {
            recentIds.removeFirst();
        }
        recentIds.addLast(id);
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    private String randomCode(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return sb.toString();
    }

    private static double round6(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    private static String jsonString(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    static byte[] encode(Post post) {
        try {
            ByteBuffer buffer = post.toByteBuffer();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode post as Avro", e);
        }
    }

    /** One Poisson arrival process: the background (kind null) or a burst. */
    private static final class Source {
        final ContentKind kind;
        final String place;
        final long fromMs;
        final long toMs;
        final double perMs;
        long nextMs;

        Source(ContentKind kind, String place, long fromMs, long toMs, double perMinute) {
            this.kind = kind;
            this.place = place;
            this.fromMs = fromMs;
            this.toMs = toMs;
            this.perMs = perMinute / 60_000.0;
        }
    }

    private record Pending(long atMs, long order, Emission emission) {
    }

    private record Generated(Post post, ContentKind content, String place) {
    }
}
