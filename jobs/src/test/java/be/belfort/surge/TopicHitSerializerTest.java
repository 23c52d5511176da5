package be.belfort.surge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.flink.SerializerTypeInfo;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class TopicHitSerializerTest {
    private static final TopicHitSerializer SERIALIZER = TopicHitSerializer.INSTANCE;

    @Test
    void flinkFindsItsOwnSerializerNotAPojo() {
        assertEquals(new SerializerTypeInfo<>(TopicHit.class, SERIALIZER), TypeInformation.of(TopicHit.class));
    }

    @Test
    void everyFieldSurvivesIncludingNullsEmptyTermsAndAwkwardText() throws Exception {
        TopicHit full = new TopicHit("geweld", "binnenstad", 1_784_570_400_000L, "tw-1", "u_3f9a",
                List.of("vechtpartij", "messteek"), "v42").withText("Vechtpartij op de Korenmarkt 🔥 \uD83D é");
        TopicHit bare = new TopicHit("brand", "gent", -1, null, null, List.of(), null);
        TopicHit noTerms = new TopicHit("verkeer", "dampoort", 0, "fb-2", "u_1", null, "v1");
        noTerms.terms = null;
        for (TopicHit original : List.of(full, bare, noTerms)) {
            TopicHit back = roundTrip(original);
            assertEquals(original, back);
            assertEquals(original.text, back.text);
            TopicHit copy = SERIALIZER.copy(original);
            assertEquals(original, copy);
            assertNotSame(original.terms == null ? new ArrayList<>() : original.terms, copy.terms);
            DataOutputSerializer once = new DataOutputSerializer(64);
            SERIALIZER.serialize(original, once);
            DataOutputSerializer again = new DataOutputSerializer(64);
            SERIALIZER.copy(new DataInputDeserializer(once.getCopyOfBuffer()), again);
            assertArrayEquals(once.getCopyOfBuffer(), again.getCopyOfBuffer());
        }
    }

    @Test
    void aSnapshotRestoresTheSameSerializer() throws Exception {
        var snapshot = SERIALIZER.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        snapshot.writeSnapshot(out);
        var restored = new TopicHitSerializer.Snapshot();
        restored.readSnapshot(snapshot.getCurrentVersion(), new DataInputDeserializer(out.getCopyOfBuffer()),
                getClass().getClassLoader());
        assertEquals(SERIALIZER, restored.restoreSerializer());
        assertTrue(SERIALIZER.snapshotConfiguration().resolveSchemaCompatibility(restored).isCompatibleAsIs());
    }

    private static TopicHit roundTrip(TopicHit hit) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        SERIALIZER.serialize(hit, out);
        return SERIALIZER.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }
}
