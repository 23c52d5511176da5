package be.belfort.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class SeenPostIdsTest {
    private static final Duration TTL = Duration.ofHours(6);
    private static final long T = TTL.toMillis();

    /** One id as a batch of one. */
    private static boolean firstSeen(SeenPostIds seen, int keyGroup, String id, long now) {
        boolean[] first = new boolean[1];
        seen.firstSeen(new String[] {id}, new int[] {keyGroup}, 1, now, first);
        return first[0];
    }

    @Test
    void theFirstOccurrencePassesAndCopiesWithinTheTtlDoNot() {
        SeenPostIds seen = new SeenPostIds(TTL, 4);
        assertTrue(firstSeen(seen, 1, "a", 0));
        assertTrue(firstSeen(seen, 1, "b", 1));
        assertFalse(firstSeen(seen, 1, "a", T - 1));
        assertTrue(firstSeen(seen, 2, "a", 2), "key groups are separate");
        assertTrue(firstSeen(seen, 1, "a", T), "forgotten once the ttl is over");
        assertFalse(firstSeen(seen, 1, "a", T + T / 2), "remembered again from its new first occurrence");
        assertEquals(1, seen.size(), "the sweeps dropped b and key group 2's a, whose ttl is over");
    }

    @Test
    void aCopyDoesNotExtendTheTtl() {
        SeenPostIds seen = new SeenPostIds(TTL, 1);
        firstSeen(seen, 0, "a", 0);
        assertFalse(firstSeen(seen, 0, "a", T - 1));
        assertTrue(firstSeen(seen, 0, "a", T));
    }

    @Test
    void manyIdsGrowTheTablesAndAreAllRemembered() {
        SeenPostIds seen = new SeenPostIds(TTL, 8);
        for (int i = 0; i < 100_000; i++) assertTrue(firstSeen(seen, i % 8, "tw-" + i, 10), "tw-" + i);
        for (int i = 0; i < 100_000; i++) assertFalse(firstSeen(seen, i % 8, "tw-" + i, 20), "tw-" + i);
        assertEquals(100_000, seen.size());
    }

    @Test
    void expiredIdsAreDroppedBySweepsSoTheStateIsCleanedUp() {
        SeenPostIds seen = new SeenPostIds(TTL, 4);
        for (int i = 0; i < 1_000; i++) firstSeen(seen, i % 4, "old-" + i, 0);
        firstSeen(seen, 0, "new", T / 2);
        // The next post after ttl / 8 of processing time sweeps every key group, not only its own.
        firstSeen(seen, 3, "later", T + 1);
        assertEquals(1 + 1, seen.size(), "only the ids within the ttl are left");
        seen.sweep(2 * T + 1);
        assertEquals(0, seen.size());
    }

    @Test
    void aKeyGroupWrittenAndReadBackKeepsItsLiveIdsOnly() throws IOException {
        SeenPostIds seen = new SeenPostIds(TTL, 4);
        for (int i = 0; i < 20_000; i++) firstSeen(seen, 2, "p" + i, i < 10 ? 0 : T / 2);
        firstSeen(seen, 3, "elsewhere", T / 2);
        DataOutputSerializer out = new DataOutputSerializer(64);
        seen.write(2, out, T + 1);

        SeenPostIds restored = new SeenPostIds(TTL, 4);
        restored.read(2, new DataInputDeserializer(out.getCopyOfBuffer()));
        assertEquals(20_000 - 10, restored.size());
        assertTrue(firstSeen(restored, 2, "p0", T + 2), "expired before the snapshot: not written");
        assertFalse(firstSeen(restored, 2, "p10", T + 2));
        assertFalse(firstSeen(restored, 2, "p19999", T + 2));
        assertTrue(firstSeen(restored, 3, "elsewhere", T + 2), "another key group was not written");
    }

    /** Savepoints hold this layout: format 1, the count, then per id its fingerprint and first-seen time, big-endian. */
    @Test
    void theWrittenBytesAreTheCheckpointFormat() throws IOException {
        SeenPostIds seen = new SeenPostIds(TTL, 1);
        firstSeen(seen, 0, "1815320270462931393", 42);
        DataOutputSerializer out = new DataOutputSerializer(64);
        seen.write(0, out, 43);

        String hex = SeenPostIds.fingerprintHex("1815320270462931393");
        DataOutputSerializer expected = new DataOutputSerializer(64);
        expected.writeInt(1);
        expected.writeInt(1);
        expected.writeLong(Long.parseUnsignedLong(hex.substring(0, 16), 16));
        expected.writeLong(Long.parseUnsignedLong(hex.substring(16), 16));
        expected.writeLong(42);
        assertArrayEquals(expected.getCopyOfBuffer(), out.getCopyOfBuffer());
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
    void aBatchTakesItsIdsInOrderSoOnlyTheFirstCopyInItPasses() {
        SeenPostIds seen = new SeenPostIds(TTL, 4);
        assertTrue(firstSeen(seen, 1, "old", 0));
        String[] ids = {"a", "b", "a", "old", "a", "b", "c", null};
        int[] keyGroups = {1, 1, 1, 1, 2, 1, 3, 0};
        boolean[] first = new boolean[ids.length];
        first[7] = true;
        seen.firstSeen(ids, keyGroups, 7, 5, first);
        assertArrayEquals(new boolean[] {true, true, false, false, true, false, true, true}, first,
                "copies within the batch and of an earlier id are dropped; past n nothing is read or written");
        assertEquals(5, seen.size());
        assertFalse(firstSeen(seen, 1, "a", T + 4), "remembered from the batch's now");
    }

    @Test
    void anIdExpiredBeforeTheBatchPassesOnceAndIsRememberedAgain() {
        SeenPostIds seen = new SeenPostIds(TTL, 1);
        assertTrue(firstSeen(seen, 0, "a", 0));
        assertTrue(firstSeen(seen, 0, "b", T - 1));
        boolean[] first = new boolean[3];
        // 1 ms after the last sweep: a is still in the table, expired.
        seen.firstSeen(new String[] {"a", "b", "a"}, new int[3], 3, T, first);
        assertArrayEquals(new boolean[] {true, false, false}, first);
        assertFalse(firstSeen(seen, 0, "a", 2 * T - 1), "the ttl restarted at the batch");
        assertTrue(firstSeen(seen, 0, "b", 2 * T - 1), "a copy did not restart b's ttl");
    }

    @Test
    void aTableGrowingInTheMiddleOfABatchKeepsWhatTheBatchAddedBeforeTheGrowth() {
        SeenPostIds seen = new SeenPostIds(TTL, 2);
        assertTrue(firstSeen(seen, 1, "seed", 0));
        int n = 1_000;
        String[] ids = new String[2 * n];
        for (int i = 0; i < n; i++) ids[i] = ids[n + i] = "g" + i;
        int[] keyGroups = new int[2 * n];
        Arrays.fill(keyGroups, 1);
        boolean[] first = new boolean[2 * n];
        // The table of key group 1 holds 64 slots before the batch and grows several times within it.
        seen.firstSeen(ids, keyGroups, 2 * n, 10, first);
        for (int i = 0; i < n; i++) {
            assertTrue(first[i], ids[i]);
            assertFalse(first[n + i], "copy of " + ids[i]);
        }
        assertEquals(n + 1, seen.size());
        for (int i = 0; i < n; i++) assertFalse(firstSeen(seen, 1, "g" + i, 20), "g" + i);
        assertFalse(firstSeen(seen, 1, "seed", 20));
    }

    @Test
    void requiresAPositiveTtl() {
        assertThrows(IllegalArgumentException.class, () -> new SeenPostIds(Duration.ZERO, 1));
    }
}
