package be.belfort.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class PostIdKeysTest {
    private static final TypeSerializer<String> KEYS = PostIdKeys.TYPE.createSerializer(new SerializerConfigImpl());

    /** Every length-prefix width (1 to 3 bytes) and every char width (1 to 3 bytes), surrogates and null. */
    private static List<String> samples() {
        List<String> s = new ArrayList<>(Arrays.asList(null, "", "tw-1816", "fb-été-Gent", "😀 surrogate pair", "中文 ид \u3fff\u4000\uffff",
                "x".repeat(126), "y".repeat(127), "z".repeat(16_383), "ä".repeat(20_000)));
        s.add(String.valueOf((char) 0));
        return s;
    }

    private static byte[] bytes(TypeSerializer<String> serializer, String value) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(16);
        serializer.serialize(value, out);
        return out.getCopyOfBuffer();
    }

    @Test
    void writesExactlyTheBytesOfFlinksStringSerializer() throws Exception {
        for (String s : samples()) {
            assertArrayEquals(bytes(StringSerializer.INSTANCE, s), bytes(KEYS, s), () -> "bytes differ for " + s);
        }
    }

    @Test
    void readsAndCopiesWhatEitherSerializerWrote() throws Exception {
        for (String s : samples()) {
            byte[] written = bytes(StringSerializer.INSTANCE, s);
            assertEquals(s, KEYS.deserialize(new DataInputDeserializer(written)));
            DataOutputSerializer copied = new DataOutputSerializer(16);
            KEYS.copy(new DataInputDeserializer(written), copied);
            assertArrayEquals(written, copied.getCopyOfBuffer());
        }
    }

    @Test
    void describesItselfWithStringSerializersSnapshot() {
        var snapshot = KEYS.snapshotConfiguration();
        assertEquals(StringSerializer.INSTANCE.snapshotConfiguration().getClass(), snapshot.getClass());
        assertTrue(snapshot.resolveSchemaCompatibility(StringSerializer.INSTANCE.snapshotConfiguration()).isCompatibleAsIs());
        assertTrue(StringSerializer.INSTANCE.snapshotConfiguration().resolveSchemaCompatibility(snapshot).isCompatibleAsIs());
    }
}
