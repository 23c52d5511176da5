package be.belfort.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class SeenPostIdsTest {
    private static final Duration TTL = Duration.ofHours(6);
    private static final long T = TTL.toMillis();

    @Test
    void theFirstOccurrencePassesAndCopiesWithinTheTtlDoNot() {
        SeenPostIds seen = new SeenPostIds(TTL, 4);
        assertTrue(seen.firstSeen(1, "a", 0));
        assertTrue(seen.firstSeen(1, "b", 1));
        assertFalse(seen.firstSeen(1, "a", T - 1));
        assertTrue(seen.firstSeen(2, "a", 2), "key groups are separate");
        assertTrue(seen.firstSeen(1, "a", T), "forgotten once the ttl is over");
        assertFalse(seen.firstSeen(1, "a", T + T / 2), "remembered again from its new first occurrence");
        assertEquals(1, seen.size(), "the sweeps dropped b and key group 2's a, whose ttl is over");
    }

    @Test
    void aCopyDoesNotExtendTheTtl() {
        SeenPostIds seen = new SeenPostIds(TTL, 1);
        seen.firstSeen(0, "a", 0);
        assertFalse(seen.firstSeen(0, "a", T - 1));
        assertTrue(seen.firstSeen(0, "a", T));
    }

    @Test
    void manyIdsGrowTheTablesAndAreAllRemembered() {
        SeenPostIds seen = new SeenPostIds(TTL, 8);
        for (int i = 0; i < 100_000; i++) assertTrue(seen.firstSeen(i % 8, "tw-" + i, 10), "tw-" + i);
        for (int i = 0; i < 100_000; i++) assertFalse(seen.firstSeen(i % 8, "tw-" + i, 20), "tw-" + i);
        assertEquals(100_000, seen.size());
    }

    @Test
    void expiredIdsAreDroppedBySweepsSoTheStateIsCleanedUp() {
        SeenPostIds seen = new SeenPostIds(TTL, 4);
        for (int i = 0; i < 1_000; i++) seen.firstSeen(i % 4, "old-" + i, 0);
        seen.firstSeen(0, "new", T / 2);
        // The next post after ttl / 8 of processing time sweeps every key group, not only its own.
        seen.firstSeen(3, "later", T + 1);
        assertEquals(1 + 1, seen.size(), "only the ids within the ttl are left");
        seen.sweep(2 * T + 1);
        assertEquals(0, seen.size());
    }

    @Test
    void aKeyGroupWrittenAndReadBackKeepsItsLiveIdsOnly() throws IOException {
        SeenPostIds seen = new SeenPostIds(TTL, 4);
        for (int i = 0; i < 20_000; i++) seen.firstSeen(2, "p" + i, i < 10 ? 0 : T / 2);
        seen.firstSeen(3, "elsewhere", T / 2);
        DataOutputSerializer out = new DataOutputSerializer(64);
        seen.write(2, out, T + 1);

        SeenPostIds restored = new SeenPostIds(TTL, 4);
        restored.read(2, new DataInputDeserializer(out.getCopyOfBuffer()));
        assertEquals(20_000 - 10, restored.size());
        assertTrue(restored.firstSeen(2, "p0", T + 2), "expired before the snapshot: not written");
        assertFalse(restored.firstSeen(2, "p10", T + 2));
        assertFalse(restored.firstSeen(2, "p19999", T + 2));
        assertTrue(restored.firstSeen(3, "elsewhere", T + 2), "another key group was not written");
    }

    @Test
    void anEmptyKeyGroupIsWrittenAndReadToo() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(8);
        new SeenPostIds(TTL, 2).write(1, out, 5);
        SeenPostIds restored = new SeenPostIds(TTL, 2);
        restored.read(1, new DataInputDeserializer(out.getCopyOfBuffer()));
        assertEquals(0, restored.size());
    }

    @Test
    void anUnknownFormatIsRefused() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(8);
        out.writeInt(99);
        out.writeInt(0);
        IOException e = assertThrows(IOException.class,
                () -> new SeenPostIds(TTL, 1).read(0, new DataInputDeserializer(out.getCopyOfBuffer())));
        assertTrue(e.getMessage().contains("format 99"), e.getMessage());
    }

    @Test
    void fingerprintsAreMurmurHash3OfTheUtf8Id() {
        // Values of Guava's Hashing.murmur3_128() for these ids: a different fingerprint would make
        // every id remembered in a checkpoint unknown after an upgrade.
        assertEquals("4dc17a0efaeea0ba5418c46e9c1e9255", SeenPostIds.fingerprintHex("tw-1"));
    }

    @Test
    void requiresAPositiveTtl() {
        assertThrows(IllegalArgumentException.class, () -> new SeenPostIds(Duration.ZERO, 1));
    }
}
