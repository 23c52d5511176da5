package be.belfort.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The post ids seen in the last {@code ttl} of processing time, per key group, for the keyed
 * operator that drops repeated posts: the first occurrence passes, later copies within {@code ttl}
 * are dropped (and counted in the metric {@value #DUPLICATES_METRIC}); a copy arriving later than
 * that passes again. Only a first occurrence (re)starts an id's {@code ttl}. Connectors redeliver after
 * restarts and platforms resend edits, so duplicates are normal traffic.
 *
 * <p>Why not Flink keyed state with a TTL: there every id is a state entry of several objects
 * (about 150 bytes), the heap backend writes all of them again at every checkpoint, and the garbage
 * collector traces them all; with a day of ids that was the largest cost of the pipeline after the
 * analysis itself (dedupe task, snapshots and GC together 9 µs of the 52 µs a post cost in
 * {@code bench pipeline}). Here an id is a 128-bit MurmurHash3 fingerprint and the time it was first
 * seen, in one primitive array per key group (open addressing), written to the checkpoint as raw
 * keyed state: key groups move with a rescale as Flink's own keyed state does. Two different ids get
 * the same fingerprint with probability about n²/2¹²⁹: below 10⁻²⁰ for a billion ids.
 *
 * <p>Expired ids are skipped by look-ups and snapshots and dropped when a table grows and in a sweep
 * of all tables every {@code ttl / 8}. Not thread-safe: one per operator instance.
 */
public final class SeenPostIds {
    public static final String DUPLICATES_METRIC = "duplicatesDropped";
    private static final int FORMAT = 1;
    private static final int INITIAL_CAPACITY = 64;
    private static final long EMPTY = Long.MIN_VALUE;
    /** An {@code expiredBefore} that keeps every id: for copying ids that are known to be distinct. */
    private static final long NOTHING_EXPIRED = EMPTY + 1;
    private static final int SLOT_BYTES = 3 * Long.BYTES;
    private static final int CHUNK_SLOTS = 2_048;

    private final long ttlMillis;
    private final long sweepEveryMillis;
    private final Table[] byKeyGroup;
    /**
     * Ids are written and read a chunk at a time: large copies instead of a call per long. The longs are
     * put in by hand, in the loop itself (big-endian, as {@code DataOutput} writes them), rather than through
     * a {@code ByteBuffer}: snapshots run only at checkpoints, too seldom for the JIT to compile the buffer's
     * call chain, which then ran interpreted under every long (JFR: about 0.3 µs per id and checkpoint, 7 %
     * of the analysis thread in {@code bench pipeline}); a loop without calls is compiled with its method.
     */
    private final byte[] chunk = new byte[CHUNK_SLOTS * SLOT_BYTES];
    private long lastSweep = EMPTY;
    private long fingerprintHigh;
    private long fingerprintLow;
    /** The fingerprints of the ids of one {@link #firstSeen} call. */
    private long[] highs = new long[0];
    private long[] lows = new long[0];
    /** Where the home slots loaded ahead of the look-ups go, so the JIT cannot drop the loads as dead. */
    private long homeSlotsLoaded;

    /**
     * @param maxKeyGroups the job's max parallelism: key groups are {@code 0 .. maxKeyGroups - 1}
     */
    public SeenPostIds(Duration ttl, int maxKeyGroups) {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) throw new IllegalArgumentException("ttl must be positive");
        if (maxKeyGroups < 1) throw new IllegalArgumentException("maxKeyGroups must be at least 1");
        this.ttlMillis = ttl.toMillis();
        this.sweepEveryMillis = Math.max(1, ttlMillis / 8);
        this.byKeyGroup = new Table[maxKeyGroups];
    }

    /**
     * Which of the first {@code n} ids are first occurrences: {@code first[i]} is true when {@code ids[i]}
     * was not seen in key group {@code keyGroups[i]} within the ttl before {@code now} (epoch millis,
     * processing time); it is then remembered from {@code now} on. The ids are taken in order, so of two
     * copies within one call only the first is a first occurrence.
     *
     * <p>Why a batch: the tables of a subtask are far larger than the caches, so nearly every look-up
     * misses cache and TLB, and one id at a time the CPU waits for each miss in turn. Here the home slot
     * of every id is loaded first, loads that do not depend on each other, so their misses overlap and
     * the look-ups that follow mostly hit: with 3 million ids in 64 key groups, about 0.25 µs of CPU per
     * new id one at a time, 0.1 µs at 64 per call. The fingerprints are all computed before those loads
     * because loads interleaved with the hashing did not overlap (no gain at all).
     */
    public void firstSeen(String[] ids, int[] keyGroups, int n, long now, boolean[] first) {
        if (lastSweep == EMPTY) {
            lastSweep = now;
        } else if (now - lastSweep >= sweepEveryMillis) {
            sweep(now);
        }
        if (highs.length < n) {
            highs = new long[n];
            lows = new long[n];
        }
        for (int i = 0; i < n; i++) {
            fingerprint(ids[i].getBytes(StandardCharsets.UTF_8));
            highs[i] = fingerprintHigh;
            lows[i] = fingerprintLow;
        }
        long loaded = 0;
        for (int i = 0; i < n; i++) {
            Table t = byKeyGroup[keyGroups[i]];
            if (t != null) loaded ^= t.slots[t.home(lows[i]) * 3];
        }
        homeSlotsLoaded = loaded;
        long expiredBefore = now - ttlMillis;
        for (int i = 0; i < n; i++) {
            first[i] = put(keyGroups[i], highs[i], lows[i], now, expiredBefore);
        }
    }

    private boolean put(int keyGroup, long high, long low, long now, long expiredBefore) {
        Table table = byKeyGroup[keyGroup];
        if (table == null) {
            table = byKeyGroup[keyGroup] = new Table(INITIAL_CAPACITY);
        }
        boolean added = table.putIfAbsent(high, low, now, expiredBefore);
        if (table.size * 3 > table.capacity() * 2) {
            byKeyGroup[keyGroup] = table.rebuilt(expiredBefore);
        }
        return added;
    }

    /** Ids remembered, expired ones not yet dropped included: what the state holds. */
    public long size() {
        long n = 0;
        for (Table t : byKeyGroup) {
            if (t != null) n += t.size;
        }
        return n;
    }

    /** Drops every id older than the ttl, shrinking tables that got sparse. */
    public void sweep(long now) {
        lastSweep = now;
        for (int kg = 0; kg < byKeyGroup.length; kg++) {
            Table t = byKeyGroup[kg];
            if (t != null) {
                Table kept = t.rebuilt(now - ttlMillis);
                byKeyGroup[kg] = kept.size == 0 ? null : kept;
            }
        }
    }

    /** Writes the ids of one key group still within the ttl at {@code now}. */
    public void write(int keyGroup, DataOutputView out, long now) throws IOException {
        Table t = byKeyGroup[keyGroup];
        long expiredBefore = now - ttlMillis;
        int live = t == null ? 0 : t.live(expiredBefore);
        out.writeInt(FORMAT);
        out.writeInt(live);
        if (live == 0) return;
        long[] slots = t.slots;
        int filled = 0;
        for (int at = 0; at < slots.length; at += 3) {
            if (slots[at] <= expiredBefore) continue;
            if (filled == chunk.length) {
                out.write(chunk, 0, filled);
                filled = 0;
            }
            long high = slots[at + 1];
            long low = slots[at + 2];
            long stamp = slots[at];
            for (int i = 7; i >= 0; i--) {
                chunk[filled + i] = (byte) high;
                chunk[filled + 8 + i] = (byte) low;
                chunk[filled + 16 + i] = (byte) stamp;
                high >>>= 8;
                low >>>= 8;
                stamp >>>= 8;
            }
            filled += SLOT_BYTES;
        }
        out.write(chunk, 0, filled);
    }

    /** Adds the ids of one key group written by {@link #write}. */
    public void read(int keyGroup, DataInputView in) throws IOException {
        int format = in.readInt();
        if (format != FORMAT) throw new IOException("unknown format " + format + " of the remembered post ids");
        int count = in.readInt();
        if (count < 0) throw new IOException("negative count of remembered post ids: " + count);
        int left = count;
        while (left > 0) {
            int entries = Math.min(left, CHUNK_SLOTS);
            in.readFully(chunk, 0, entries * SLOT_BYTES);
            for (int e = 0, at = 0; e < entries; e++, at += SLOT_BYTES) {
                long high = 0;
                long low = 0;
                long stamp = 0;
                for (int i = 0; i < 8; i++) {
                    high = (high << 8) | (chunk[at + i] & 0xFFL);
                    low = (low << 8) | (chunk[at + 8 + i] & 0xFFL);
                    stamp = (stamp << 8) | (chunk[at + 16 + i] & 0xFFL);
                }
                put(keyGroup, high, low, stamp, NOTHING_EXPIRED);
            }
            left -= entries;
        }
    }

    /**
     * One key group's ids, linear probing. A slot is three adjacent longs (first-seen time, fingerprint
     * high, low), so a look-up in a large table costs one cache miss rather than one per array.
     */
    private static final class Table {
        final long[] slots;
        int size;

        Table(int capacity) {
            slots = new long[capacity * 3];
            for (int i = 0; i < slots.length; i += 3) slots[i] = EMPTY;
        }

        int capacity() {
            return slots.length / 3;
        }

        /** The slot where the probe for a fingerprint starts. */
        int home(long low) {
            return (int) low & (capacity() - 1);
        }

        /**
         * Remembers the fingerprint from {@code now} unless it is there with a time after
         * {@code expiredBefore}; true when it was not. The caller grows a table that got too full.
         */
        boolean putIfAbsent(long high, long low, long now, long expiredBefore) {
            int mask = capacity() - 1;
            for (int i = home(low); ; i = (i + 1) & mask) {
                int at = i * 3;
                long stamp = slots[at];
                if (stamp == EMPTY) {
                    slots[at] = now;
                    slots[at + 1] = high;
                    slots[at + 2] = low;
                    size++;
                    return true;
                }
                if (slots[at + 1] == high && slots[at + 2] == low) {
                    if (stamp > expiredBefore) return false;
                    slots[at] = now;
                    return true;
                }
            }
        }

        int live(long expiredBefore) {
            int live = 0;
            for (int at = 0; at < slots.length; at += 3) {
                if (slots[at] > expiredBefore) live++;
            }
            return live;
        }

        /**
         * A copy without the ids from before {@code expiredBefore}, at most half full: tables stay between
         * a quarter and two thirds full, 36-96 bytes per id.
         */
        Table rebuilt(long expiredBefore) {
            int live = live(expiredBefore);
            int capacity = INITIAL_CAPACITY;
            while (capacity < live * 2) capacity <<= 1;
            Table t = new Table(capacity);
            for (int at = 0; at < slots.length; at += 3) {
                if (slots[at] > expiredBefore) t.putIfAbsent(slots[at + 1], slots[at + 2], slots[at], NOTHING_EXPIRED);
            }
            return t;
        }
    }

    /** The fingerprint of {@code id} as 32 hex digits: its format is part of the checkpoint format. */
    static String fingerprintHex(String id) {
        SeenPostIds probe = new SeenPostIds(Duration.ofMillis(1), 1);
        probe.fingerprint(id.getBytes(StandardCharsets.UTF_8));
        return String.format("%016x%016x", probe.fingerprintHigh, probe.fingerprintLow);
    }

    /** MurmurHash3 x64 128 (seed 0) of {@code data} into {@link #fingerprintHigh}/{@link #fingerprintLow}. */
    private void fingerprint(byte[] data) {
        final long c1 = 0x87c37b91114253d5L;
        final long c2 = 0x4cf5ad432745937fL;
        long h1 = 0;
        long h2 = 0;
        int blocks = data.length / 16;
        for (int b = 0; b < blocks; b++) {
            long k1 = littleEndian(data, b * 16, 8);
            long k2 = littleEndian(data, b * 16 + 8, 8);
            h1 ^= Long.rotateLeft(k1 * c1, 31) * c2;
            h1 = Long.rotateLeft(h1, 27) + h2;
            h1 = h1 * 5 + 0x52dce729;
            h2 ^= Long.rotateLeft(k2 * c2, 33) * c1;
            h2 = Long.rotateLeft(h2, 31) + h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        int tail = blocks * 16;
        int rest = data.length - tail;
        if (rest > 8) {
            h2 ^= Long.rotateLeft(littleEndian(data, tail + 8, rest - 8) * c2, 33) * c1;
        }
        if (rest > 0) {
            h1 ^= Long.rotateLeft(littleEndian(data, tail, Math.min(rest, 8)) * c1, 31) * c2;
        }
        h1 ^= data.length;
        h2 ^= data.length;
        h1 += h2;
        h2 += h1;
        h1 = mix(h1);
        h2 = mix(h2);
        h1 += h2;
        h2 += h1;
        fingerprintHigh = h1;
        fingerprintLow = h2;
    }

    private static long littleEndian(byte[] data, int offset, int length) {
        long v = 0;
        for (int i = length - 1; i >= 0; i--) {
            v = (v << 8) | (data[offset + i] & 0xffL);
        }
        return v;
    }

    private static long mix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
