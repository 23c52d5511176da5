package be.belfort.ingest;

import static be.belfort.ingest.TestPosts.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.schema.RejectedRecord;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.junit.jupiter.api.Test;

class IngestedTest {

    @Test
    void isAPojoWithAvroFieldsNotAGenericType() {
        assertInstanceOf(PojoTypeInfo.class, Ingested.TYPE);
        PojoTypeInfo<Ingested> pojo = (PojoTypeInfo<Ingested>) Ingested.TYPE;
        assertInstanceOf(AvroTypeInfo.class, pojo.getTypeAt(pojo.getFieldIndex("post")));
        assertInstanceOf(AvroTypeInfo.class, pojo.getTypeAt(pojo.getFieldIndex("rejected")));
    }

    @Test
    void survivesFlinkSerialization() throws Exception {
        TypeSerializer<Ingested> serializer =
                Ingested.TYPE.createSerializer(new SerializerConfigImpl());
        Ingested accepted = Ingested.accepted(post("1"), "posts/0/1");
        Ingested rejected = Ingested.rejected(new RejectedRecord("f:2",
                ByteBuffer.wrap(new byte[] {1, 2}), "bad", Instant.parse("2026-07-20T22:00:00Z")));
        for (Ingested original : new Ingested[] {accepted, rejected}) {
            DataOutputSerializer out = new DataOutputSerializer(256);
            serializer.serialize(original, out);
            Ingested copy = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            assertEquals(original, copy);
            assertEquals(original, serializer.copy(original));
        }
    }

    @Test
    void factoriesAndState() {
        Ingested accepted = Ingested.accepted(post("1"), "s");
        assertFalse(accepted.isRejected());
        RejectedRecord r = new RejectedRecord("f:9", ByteBuffer.allocate(0), "bad",
                Instant.EPOCH);
        Ingested rejected = Ingested.rejected(r);
        assertTrue(rejected.isRejected());
        assertEquals("f:9", rejected.source);
        assertEquals("Ingested{rejected at f:9: bad}", rejected.toString());
        assertEquals("Ingested{post 1 from s}", accepted.toString());
    }
}
