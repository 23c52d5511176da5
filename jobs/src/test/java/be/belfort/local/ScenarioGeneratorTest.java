package be.belfort.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import be.belfort.schema.Post;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ScenarioGeneratorTest {

    private static final Scenario FEESTEN = Scenario.gentseFeesten().build();
    private static List<Emission> emissions;

    @BeforeAll
    static void generateDefaultScenario() {
        emissions = ScenarioGenerator.stream(FEESTEN).toList();
    }

    private static List<Emission> ofType(Emission.Type type) {
        return emissions.stream().filter(e -> e.type() == type).toList();
    }

    @Test
    void sameScenarioSameRecordsOtherSeedOtherRecords() {
        assertEquals(emissions, ScenarioGenerator.stream(FEESTEN).toList());
        List<Emission> other = ScenarioGenerator.stream(FEESTEN.toBuilder().seed(7).build()).toList();
        assertNotEquals(emissions.subList(0, 10), other.subList(0, 10));
    }

    @Test
    void defaultScenarioHasExpectedVolumeInSendOrder() {
        // 120 min x 20/min background + 25 min x 30/min fight = 3150 arrivals on average.
        int arrivals = ofType(Emission.Type.POST).size() + ofType(Emission.Type.MALFORMED).size();
        assertTrue(arrivals > 2900 && arrivals < 3400, "arrivals " + arrivals);
        for (int i = 1; i < emissions.size(); i++) {
            assertFalse(emissions.get(i).offset().compareTo(emissions.get(i - 1).offset()) < 0, "out of order at " + i);
        }
    }

    @Test
    void postsDecodeToThemselvesAndIdsAreUnique() throws Exception {
        Set<String> ids = new HashSet<>();
        for (Emission e : ofType(Emission.Type.POST)) {
            assertEquals(e.post(), decode(e.payload()));
            assertEquals(e.post().getId(), e.key());
            assertTrue(ids.add(e.key()), "duplicate id " + e.key());
        }
    }

    @Test
    void eventTimeIsStartPlusOffsetMinusAShortDeliveryLag() {
        for (Emission e : ofType(Emission.Type.POST)) {
            Instant sent = FEESTEN.start().plus(e.offset());
            Instant created = e.post().getCreatedAt();
            assertFalse(created.isAfter(sent), e.toString());
            assertFalse(created.isBefore(sent.minusSeconds(20)), e.toString());
            assertFalse(created.isBefore(FEESTEN.start()), e.toString());
            assertTrue(sent.isBefore(FEESTEN.end()), e.toString());
        }
    }

    @Test
    void endingAtPlacesTheScenarioBeforeTheGivenInstant() {
        Instant now = Instant.parse("2026-07-21T10:15:30.123456Z");
        Scenario s = Scenario.gentseFeesten().endingAt(now).build();
        assertEquals(now.truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofHours(2)), s.start());
        assertTrue(ScenarioGenerator.stream(s).filter(e -> e.type() != Emission.Type.MALFORMED)
                .allMatch(e -> e.post().getCreatedAt().isBefore(now)));
        assertEquals(Duration.ofMinutes(2), s.wallDuration());
    }

    @Test
    void fightSurgesOnTheKorenmarktFromMinute60To85WithManyAuthors() {
        Instant from = FEESTEN.start().plus(Duration.ofMinutes(60));
        Instant to = FEESTEN.start().plus(Duration.ofMinutes(85));
        List<Post> fight = ofType(Emission.Type.POST).stream()
                .filter(e -> e.content() == ContentKind.GEWELD && "Korenmarkt".equals(e.place()))
                .map(Emission::post)
                .toList();
        List<Post> inWindow = fight.stream()
                .filter(p -> !p.getCreatedAt().isBefore(from.minusSeconds(20)) && p.getCreatedAt().isBefore(to))
                .toList();
        assertTrue(inWindow.size() > 650 && inWindow.size() < 850, "fight posts " + inWindow.size());
        assertTrue(fight.size() - inWindow.size() < 5, "fight posts outside the window: " + (fight.size() - inWindow.size()));
        assertTrue(inWindow.stream().map(Post::getAuthor).distinct().count() >= 400);

        Pattern fightWords = Pattern.compile("vechtpartij|klappen|messteek|politie ter plaatse|fight|bagarre|vechten");
        for (Post p : inWindow) {
            String text = p.getText().toLowerCase(Locale.ROOT);
            assertTrue(text.contains("korenmarkt"), p.getText());
            assertTrue(fightWords.matcher(text).find(), p.getText());
        }

        // Every 5-minute bucket of the fight has plenty of posts by distinct authors.
        for (Instant bucket = from; bucket.isBefore(to); bucket = bucket.plus(Duration.ofMinutes(5))) {
            Instant start = bucket;
            Instant end = bucket.plus(Duration.ofMinutes(5));
            List<Post> inBucket = inWindow.stream()
                    .filter(p -> !p.getCreatedAt().isBefore(start) && p.getCreatedAt().isBefore(end)).toList();
            assertTrue(inBucket.size() >= 100, start + ": " + inBucket.size());
            assertTrue(inBucket.stream().map(Post::getAuthor).distinct().count() >= 80, start.toString());
        }
    }

    @Test
    void onlyTheFightReachesTenPostsPerPlaceAndFiveMinutes() {
        Map<String, Integer> counts = new HashMap<>();
        for (Emission e : ofType(Emission.Type.POST)) {
            if (e.content().isPhenomenon() && e.place() != null) {
                long bucket = e.post().getCreatedAt().getEpochSecond() / 300;
                counts.merge(e.content() + "@" + e.place() + "#" + bucket, 1, Integer::sum);
            }
        }
        Set<String> surging = counts.entrySet().stream().filter(c -> c.getValue() >= 10)
                .map(c -> c.getKey().substring(0, c.getKey().indexOf('#'))).collect(Collectors.toSet());
        assertEquals(Set.of("GEWELD@Korenmarkt"), surging);
    }

    @Test
    void backgroundCoversAllPhenomenaPlacesAndPlatforms() {
        List<Emission> posts = ofType(Emission.Type.POST);
        Set<ContentKind> kinds = posts.stream().map(Emission::content).collect(Collectors.toSet());
        assertEquals(Set.of(ContentKind.values()), kinds);
        Set<String> places = posts.stream().map(Emission::place).filter(p -> p != null).collect(Collectors.toSet());
        assertTrue(places.size() >= 20, places.toString());
        long neutral = posts.stream().filter(e -> e.content() == ContentKind.NEUTRAL).count();
        assertTrue(neutral > posts.size() / 2);
        assertTrue(posts.stream().map(e -> e.post().getPlatform()).distinct().count() >= 6);
        assertTrue(posts.stream().anyMatch(e -> e.post().getGeo() != null));
        assertTrue(posts.stream().anyMatch(e -> e.post().getReplyTo() != null));
    }

    @Test
    void textsAreMostlyDutchWithTouristsEmojiHashtagsMentionsAndUrls() {
        List<String> texts = ofType(Emission.Type.POST).stream().map(e -> e.post().getText()).toList();
        Pattern dutch = Pattern.compile("(?i)\\b(de|het|'t|een|aan|op|en|is|wat|nie|amai|ge|da's)\\b");
        long dutchCount = texts.stream().filter(t -> dutch.matcher(t).find()).count();
        assertTrue(dutchCount > texts.size() * 0.7, "Dutch texts: " + dutchCount + " of " + texts.size());
        Map<String, Long> tags = ofType(Emission.Type.POST).stream().map(e -> e.post().getLang())
                .filter(l -> l != null).collect(Collectors.groupingBy(l -> l, Collectors.counting()));
        assertEquals(Set.of("nl", "en", "fr"), tags.keySet());
        assertTrue(tags.get("nl") > tags.get("en") + tags.get("fr"));
        assertTrue(texts.stream().anyMatch(t -> t.contains("#gentsefeesten")));
        assertTrue(texts.stream().anyMatch(t -> t.contains("@StadGent") || t.contains("@PolitieGent")));
        assertTrue(texts.stream().anyMatch(t -> t.contains("https://t.co/")));
        assertTrue(texts.stream().anyMatch(t -> t.codePoints().anyMatch(c -> c >= 0x1F300)));
        assertTrue(texts.stream().anyMatch(t -> t.matches(".*\\b[a-z]*([aeiou])\\1\\1\\1[a-z]*\\b.*")), "elongated words");
        assertTrue(texts.stream().noneMatch(t -> t.contains("{") || t.contains("\n")), "unfilled slot or line break");
    }

    @Test
    void lookAlikeNegativesArePresent() {
        List<String> negatives = ofType(Emission.Type.POST).stream()
                .filter(e -> e.content() == ContentKind.NEGATIVE)
                .map(e -> e.post().getText().toLowerCase(Locale.ROOT))
                .toList();
        assertTrue(negatives.size() > 80, "negatives " + negatives.size());
        assertTrue(negatives.stream().anyMatch(t -> t.startsWith("geweldig concert op de")));
        assertTrue(negatives.stream().anyMatch(t -> t.startsWith("brandnieuw terras aan de")));
        assertTrue(negatives.stream().anyMatch(t -> t.startsWith("het vuurwerk was prachtig")));
    }

    @Test
    void authorsAreRawHandles() {
        Pattern handle = Pattern.compile("@[a-z0-9_.]{3,40}");
        List<Post> posts = ofType(Emission.Type.POST).stream().map(Emission::post).toList();
        assertTrue(posts.stream().allMatch(p -> handle.matcher(p.getAuthor()).matches()));
        assertTrue(posts.stream().map(Post::getAuthor).distinct().count() > 500);
    }

    @Test
    void duplicatesAndMalformedRecordsMatchTheConfiguredFractions() throws Exception {
        Scenario busy = Scenario.gentseFeesten().backgroundPerMinute(200).bursts(List.of()).seed(99).build();
        Map<Emission.Type, Integer> byType = new EnumMap<>(Emission.Type.class);
        Map<MalformedKind, Integer> byKind = new EnumMap<>(MalformedKind.class);
        Map<String, Emission> originals = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        for (var it = new ScenarioGenerator(busy); it.hasNext(); ) {
            Emission e = it.next();
            byType.merge(e.type(), 1, Integer::sum);
            switch (e.type()) {
                case POST -> originals.put(e.key(), e);
                case DUPLICATE -> {
                    Emission first = originals.get(e.key());
                    assertNotNull(first, "duplicate before its original: " + e);
                    assertArrayEquals(first.payload(), e.payload());
                    Duration delay = e.offset().minus(first.offset());
                    assertTrue(delay.compareTo(Duration.ofSeconds(1)) >= 0 && delay.compareTo(Duration.ofSeconds(20)) <= 0);
                }
                case MALFORMED -> {
                    byKind.merge(e.malformed(), 1, Integer::sum);
                    checkMalformed(e, busy, json);
                }
            }
        }
        int total = byType.values().stream().mapToInt(Integer::intValue).sum();
        // 24000 arrivals: 1% duplicates (sd ~15), 0.5% malformed (sd ~11).
        assertTrue(total > 22_000, "total " + total);
        double duplicates = byType.get(Emission.Type.DUPLICATE) / (double) total;
        double malformed = byType.get(Emission.Type.MALFORMED) / (double) total;
        assertTrue(duplicates > 0.008 && duplicates < 0.012, "duplicate fraction " + duplicates);
        assertTrue(malformed > 0.0035 && malformed < 0.0065, "malformed fraction " + malformed);
        assertEquals(Set.of(MalformedKind.values()), byKind.keySet());
        byKind.forEach((k, n) -> assertTrue(n >= 5, k + ": " + n));
    }

    private static void checkMalformed(Emission e, Scenario scenario, ObjectMapper json) throws Exception {
        byte[] p = e.payload();
        switch (e.malformed()) {
            case TRUNCATED_AVRO -> {
                assertNull(e.post());
                assertEquals((byte) 0xC3, p[0]);
                assertThrows(Exception.class, () -> decode(p));
            }
            case RANDOM_BYTES -> {
                assertNull(e.key());
                assertTrue(p.length >= 16 && p.length <= 512);
            }
            case INVALID_UTF8_JSON -> {
                assertEquals('{', p[0]);
                assertThrows(CharacterCodingException.class, () -> StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(p)));
            }
            case JSON_MISSING_FIELDS -> {
                JsonNode node = json.readTree(p);
                assertEquals(e.key(), node.get("id").asText());
                assertFalse(node.has("text") || node.has("author"));
            }
            case TIMESTAMP_OUT_OF_RANGE -> {
                Post post = decode(p);
                assertEquals(e.post(), post);
                assertTrue(post.getCreatedAt().isAfter(scenario.end().plus(Duration.ofDays(9 * 365))));
            }
            case OVERSIZED_TEXT -> {
                Post post = decode(p);
                assertEquals(e.post(), post);
                int textBytes = post.getText().getBytes(StandardCharsets.UTF_8).length;
                assertTrue(textBytes > 990_000 && textBytes <= 1_000_000, "text bytes " + textBytes);
                assertTrue(p.length < 1_048_576 - 1_000, "must fit Kafka's default 1 MiB request size: " + p.length);
            }
        }
    }

    private static Post decode(byte[] payload) throws java.io.IOException {
        return Post.getDecoder().decode(payload);
    }

    @Test
    void invalidScenariosAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Scenario.builder().timeScale(0).build());
        assertThrows(IllegalArgumentException.class, () -> Scenario.builder().duration(Duration.ZERO).build());
        assertThrows(IllegalArgumentException.class, () -> Scenario.builder().malformedFraction(0.9).build());
        assertThrows(IllegalArgumentException.class,
                () -> new Burst(ContentKind.GEWELD, "Korenmarkt", Duration.ZERO, Duration.ofMinutes(5), 0));
        assertThrows(IllegalArgumentException.class,
                () -> Scenario.builder().backgroundMix(Map.of(ContentKind.GEWELD, 0.0)).build());
    }
}
