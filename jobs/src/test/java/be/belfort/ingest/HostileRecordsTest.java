package be.belfort.ingest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * 100,000 hostile records through the decoder the Kafka source uses: every one rejected with a
 * non-blank reason, none thrown. Also proves the generator the fuzz ITCase relies on makes only bad
 * records.
 */
class HostileRecordsTest {
    private static final Instant NOW = Instant.parse("2026-07-20T21:00:00Z");

    @Test
    void every_hostile_record_is_rejected_with_a_reason() {
        PostDecoder decoder = new PostDecoder(WireFormat.AUTO,
                new PostValidator(ValidationLimits.defaults(), Clock.fixed(NOW, ZoneOffset.UTC)));
        HostileRecords hostile = new HostileRecords(42, NOW);
        Map<HostileRecords.Kind, Map<String, Integer>> reasons = new EnumMap<>(HostileRecords.Kind.class);
        for (int i = 0; i < 100_000 + 2 * 5; i++) {
            HostileRecords.Bad bad = i < 10
                    ? hostile.next(i % 2 == 0 ? HostileRecords.Kind.HUGE_TEXT_AVRO : HostileRecords.Kind.HUGE_TEXT_JSON)
                    : hostile.next();
            Ingested result = decoder.decode(bad.payload(), "posts/0/" + i);
            assertTrue(result.isRejected(), () -> bad.kind() + " accepted: " + result.post);
            String reason = result.rejected.getReason();
            assertFalse(reason.isBlank(), bad.kind().toString());
            assertTrue(result.rejected.getPayload().remaining() <= PostDecoder.MAX_KEPT_PAYLOAD_BYTES);
            reasons.computeIfAbsent(bad.kind(), k -> new TreeMap<>())
                    .merge(reason.replaceAll("[0-9a-f]{16}|\\d+", "#"), 1, Integer::sum);
        }
        reasons.forEach((kind, r) -> System.out.println(kind + " -> " + r));
        assertTrue(reasons.keySet().containsAll(java.util.List.of(HostileRecords.Kind.values())), "every kind drawn: " + reasons.keySet());
    }
}
