package be.belfort.ingest;

import static be.belfort.ingest.TestPosts.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.schema.Alert;
import be.belfort.schema.AlertStatus;
import be.belfort.schema.EnrichedPost;
import be.belfort.schema.GeoPoint;
import be.belfort.schema.MatchedSearch;
import be.belfort.schema.Platform;
import be.belfort.schema.Post;
import be.belfort.schema.RejectedRecord;
import be.belfort.schema.Severity;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class JsonEdgeTest {
    private static final String POST_JSON = "{\"id\":\"1\",\"platform\":\"twitter\","
            + "\"author\":\"@secret_handle\",\"text\":\"Grote brand aan de Korenmarkt, veel rook "
            + "#gent\",\"created_at\":\"2026-07-20T21:15:00Z\",\"lang\":\"nl\","
            + "\"geo\":{\"lat\":51.0545,\"lon\":3.7213},\"url\":\"https://example.org/p/1\","
            + "\"reply_to\":null}";

    private static <T extends SpecificRecord> void assertRoundTrip(T record) throws Exception {
        String json = JsonEdge.toJson(record);
        assertFalse(json.contains("\n"), json);
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) record.getClass();
        assertEquals(record, JsonEdge.fromJson(json, type));
    }

    private static String error(String json, Class<? extends SpecificRecord> type) {
        return assertThrows(InvalidInputException.class, () -> JsonEdge.fromJson(json, type))
                .getMessage();
    }

    private static String postError(String json) {
        return error(json, Post.class);
    }

    @Test
    void writesCompactJsonInSchemaOrder() {
        assertEquals(POST_JSON, JsonEdge.toJson(post("1")));
    }

    @Test
    void roundTripsPost() throws Exception {
        assertRoundTrip(post("1"));
        Post minimal = new Post("2", Platform.meldpunt, "a", "line one\nline \"two\"",
                Instant.parse("2026-07-20T21:15:00.123Z"), null, null, null, "1");
        assertRoundTrip(minimal);
    }

    @Test
    void roundTripsEnrichedPost() throws Exception {
        EnrichedPost p = EnrichedPost.newBuilder()
                .setId("1").setPlatform(Platform.mastodon).setAuthor("u_0123456789abcdef")
                .setText("Brand aan de Korenmarkt").setCreatedAt(Instant.parse("2026-07-20T21:15:00Z"))
                .setLang("nld").setGeo(new GeoPoint(51.05, 3.72))
                .setTokens(List.of("brand", "korenmarkt")).setLemmas(List.of("brand"))
                .setPlaces(List.of("korenmarkt")).setWijk("binnenstad")
                .setMatches(List.of(new MatchedSearch("brand", "abc123", List.of("brand"))))
                .build();
        assertRoundTrip(p);
    }

    @Test
    void roundTripsAlertAndRejectedRecord() throws Exception {
        Alert alert = Alert.newBuilder()
                .setId("a1").setKind("surge").setTopic("brand").setArea("binnenstad")
                .setWindowStart(Instant.parse("2026-07-20T21:10:00Z"))
                .setWindowEnd(Instant.parse("2026-07-20T21:15:00Z"))
                .setCount(14).setBaseline(10).setScore(1.4)
                .setSeverity(Severity.medium).setStatus(AlertStatus.open)
                .setEvidencePostIds(List.of("1", "2")).setTopTerms(List.of("brand", "rook"))
                .setRulesVersion("abc123").setCreatedAt(Instant.parse("2026-07-20T21:15:00Z"))
                .build();
        assertRoundTrip(alert);
        assertTrue(JsonEdge.toJson(alert).contains("\"severity\":\"medium\",\"status\":\"open\""));

        RejectedRecord rejected = new RejectedRecord("f.jsonl:3",
                ByteBuffer.wrap(new byte[] {(byte) 0xC3, 0x01, (byte) 0xFF}), "truncated",
                Instant.parse("2026-07-20T22:00:00Z"));
        String json = JsonEdge.toJson(rejected);
        assertTrue(json.contains("\"payload\":\"wwH/\""), json);
        assertRoundTrip(rejected);
    }

    @Test
    void absentFieldsTakeTheirDefaults() throws Exception {
        Post p = JsonEdge.fromJson("{\"id\":\"1\",\"platform\":\"bluesky\",\"author\":\"a\","
                + "\"text\":\"t\",\"created_at\":\"2026-07-20T21:15:00Z\"}", Post.class);
        assertNull(p.getGeo());
        assertNull(p.getLang());
        EnrichedPost e = JsonEdge.fromJson("{\"id\":\"1\",\"platform\":\"bluesky\","
                + "\"author\":\"u\",\"text\":\"t\",\"created_at\":\"2026-07-20T21:15:00Z\","
                + "\"lang\":\"und\"}", EnrichedPost.class);
        assertEquals(List.of(), e.getTokens());
        assertEquals(List.of(), e.getMatches());
        assertRoundTrip(e);
    }

    @Test
    void acceptsTimestampsWithOffsets() throws Exception {
        Post p = JsonEdge.fromJson(POST_JSON.replace("2026-07-20T21:15:00Z",
                "2026-07-20T23:15:00.5+02:00"), Post.class);
        assertEquals(Instant.parse("2026-07-20T21:15:00.500Z"), p.getCreatedAt());
    }

    @Test
    void namesTheProblem() {
        assertEquals("missing field 'text'",
                postError(POST_JSON.replace("\"text\":\"Grote brand aan de Korenmarkt, veel rook "
                        + "#gent\",", "")));
        assertEquals("wrong type for 'geo'",
                postError(POST_JSON.replace("{\"lat\":51.0545,\"lon\":3.7213}", "\"Gent\"")));
        assertEquals("wrong type for 'geo.lat'", postError(POST_JSON.replace("51.0545", "\"51\"")));
        assertEquals("missing field 'geo.lon'", postError(POST_JSON.replace(",\"lon\":3.7213", "")));
        assertEquals("unknown field 'geo.alt'",
                postError(POST_JSON.replace("\"lon\":3.7213", "\"lon\":3.7213,\"alt\":9")));
        assertEquals("unknown field 'foo'", postError(POST_JSON.replace("{\"id\"", "{\"foo\":1,\"id\"")));
        assertEquals("created_at is not an ISO-8601 timestamp",
                postError(POST_JSON.replace("\"2026-07-20T21:15:00Z\"", "1784582100000")));
        assertEquals("created_at is not an ISO-8601 timestamp",
                postError(POST_JSON.replace("2026-07-20T21:15:00Z", "20 juli 2026")));
        assertEquals("'text' must not be null",
                postError(POST_JSON.replaceFirst("\"text\":\"[^\"]+\"", "\"text\":null")));
        assertEquals("wrong type for 'id'", postError(POST_JSON.replace("\"id\":\"1\"", "\"id\":1")));
        assertEquals("unknown platform 'tiktok' (expected one of twitter, facebook, instagram, "
                + "youtube, mastodon, bluesky, meldpunt, other)",
                postError(POST_JSON.replace("twitter", "tiktok")));
        assertEquals("expected a JSON object, found array", postError("[" + POST_JSON + "]"));
        assertEquals("empty JSON document", postError(""));
    }

    @Test
    void rejectsMalformedDuplicateAndTrailingJson() {
        assertTrue(postError(POST_JSON.replace("{\"id\":\"1\"", "{\"id\":\"1\",\"id\":\"2\""))
                .startsWith("malformed JSON: Duplicate field 'id'"));
        assertTrue(postError(POST_JSON + " {}").startsWith("malformed JSON: "));
        String broken = postError(POST_JSON.substring(0, 40));
        assertTrue(broken.startsWith("malformed JSON: ") && broken.contains(" at line 1 column "),
                broken);
        assertFalse(broken.contains("secret_handle"), broken);
        String token = postError(POST_JSON.replace("\"@secret_handle\"", "@secret_handle"));
        assertEquals("malformed JSON: Unexpected character ('@' (code 64)) at line 1 column 41",
                token);
        String bare = postError(POST_JSON.replace("\"@secret_handle\"", "secret_handle"));
        assertEquals("malformed JSON: Unrecognized token '…' at line 1 column 54", bare);
    }

    @Test
    void checksNumberKindsAndRanges() {
        String alert = "{\"id\":\"a\",\"kind\":\"surge\",\"topic\":\"t\",\"area\":\"gent\","
                + "\"window_start\":\"2026-07-20T21:10:00Z\",\"window_end\":\"2026-07-20T21:15:00Z\","
                + "\"count\":COUNT,\"baseline\":10,\"score\":1.5,\"severity\":\"low\","
                + "\"status\":\"open\",\"rules_version\":\"v\",\"created_at\":\"2026-07-20T21:15:00Z\"}";
        assertEquals("wrong type for 'count'", error(alert.replace("COUNT", "1.5"), Alert.class));
        assertEquals("'count' is out of range",
                error(alert.replace("COUNT", "99999999999999999999"), Alert.class));
        assertEquals("wrong type for 'count'", error(alert.replace("COUNT", "\"3\""), Alert.class));
    }

    @Test
    void rejectsBadBase64() {
        assertEquals("'payload' is not valid base64", error("{\"source\":\"s\",\"payload\":\"%%%\","
                + "\"reason\":\"r\",\"rejected_at\":\"2026-07-20T21:15:00Z\"}", RejectedRecord.class));
    }
}
