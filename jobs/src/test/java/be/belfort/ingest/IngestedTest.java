package be.belfort.ingest;

import static be.belfort.ingest.TestPosts.post;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.flink.SerializerTypeInfo;
import be.belfort.schema.Post;
import be.belfort.schema.RejectedRecord;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class IngestedTest {

    @Test
    void flinkFindsItsOwnSerializerNotAPojoOrAGenericType() {
        assertEquals(new SerializerTypeInfo<>(Ingested.class, IngestedSerializer.INSTANCE), TypeInformation.of(Ingested.class));
        assertEquals(IngestedSerializer.INSTANCE, Ingested.TYPE.createSerializer(new SerializerConfigImpl()));
    }

    @Test
    void survivesFlinkSerializationAcceptedFromAvroOrJsonAndRejected() throws Exception {
        Post post = post("1");
        byte[] wire = AvroCodec.encode(post);
        Ingested fromAvro = Ingested.accepted(post, wire);
        Ingested fromJson = Ingested.accepted(post);
        Ingested rejected = Ingested.rejected(new RejectedRecord("f:2",
                ByteBuffer.wrap(new byte[] {1, 2}), "bad", Instant.parse("2026-07-20T22:00:00Z")));
        for (Ingested original : new Ingested[] {fromAvro, fromJson, rejected}) {
            Ingested back = roundTrip(original);
            assertEquals(original, back);
            assertEquals(original, IngestedSerializer.INSTANCE.copy(original));
            // copy(in, out) moves the same bytes on without reading them.
            DataOutputSerializer once = new DataOutputSerializer(256);
            IngestedSerializer.INSTANCE.serialize(original, once);
            DataOutputSerializer twice = new DataOutputSerializer(256);
            IngestedSerializer.INSTANCE.copy(new DataInputDeserializer(once.getCopyOfBuffer()), twice);
            assertArrayEquals(once.getCopyOfBuffer(), twice.getCopyOfBuffer());
        }
        assertArrayEquals(wire, roundTrip(fromJson).avro, "a post from JSON travels Avro-encoded, and on as that");
    }

    @Test
    void anAcceptedPostTravelsAsTheBytesItArrivedIn() throws Exception {
        // Bytes that decode to the post but are not what the encoder would write today (a longer varint
        // for an id of one character) show that the serializer sends what arrived rather than encoding.
        Post post = post("1");
        byte[] encoded = AvroCodec.encode(post);
        byte[] arrived = new byte[encoded.length + 1];
        System.arraycopy(encoded, 0, arrived, 0, 10);
        arrived[10] = (byte) 0x82; // the id's length, 1, as a two-byte varint
        arrived[11] = 0x00;
        System.arraycopy(encoded, 11, arrived, 12, encoded.length - 11);
        assertEquals(post, AvroCodec.decode(arrived, Post.class));
        Ingested back = roundTrip(Ingested.accepted(post, arrived));
        assertArrayEquals(arrived, back.avro);
        assertEquals(post, back.post);
    }

    @Test
    void aSnapshotRestoresTheSameSerializer() throws Exception {
        var snapshot = IngestedSerializer.INSTANCE.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        snapshot.writeSnapshot(out);
        var restored = new IngestedSerializer.Snapshot();
        restored.readSnapshot(snapshot.getCurrentVersion(), new DataInputDeserializer(out.getCopyOfBuffer()),
                getClass().getClassLoader());
        assertEquals(IngestedSerializer.INSTANCE, restored.restoreSerializer());
        assertTrue(IngestedSerializer.INSTANCE.snapshotConfiguration()
                .resolveSchemaCompatibility(restored).isCompatibleAsIs());
    }

    private static Ingested roundTrip(Ingested original) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        IngestedSerializer.INSTANCE.serialize(original, out);
        return IngestedSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    @Test
    void factoriesAndState() {
        Ingested accepted = Ingested.accepted(post("1"));
        assertFalse(accepted.isRejected());
        RejectedRecord r = new RejectedRecord("f:9", ByteBuffer.allocate(0), "bad",
                Instant.EPOCH);
        Ingested rejected = Ingested.rejected(r);
        assertTrue(rejected.isRejected());
        assertEquals("Ingested{rejected at f:9: bad}", rejected.toString());
        assertEquals("Ingested{post 1}", accepted.toString());
    }
}
