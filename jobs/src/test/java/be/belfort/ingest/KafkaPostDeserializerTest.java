package be.belfort.ingest;

import static be.belfort.ingest.TestPosts.avro;
import static be.belfort.ingest.TestPosts.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class KafkaPostDeserializerTest {
    private final KafkaPostDeserializer deserializer =
            new KafkaPostDeserializer(TestPosts.decoder(WireFormat.AUTO));

    private List<Ingested> deserialize(byte[] value) {
        List<Ingested> out = new ArrayList<>();
        deserializer.deserialize(new ConsumerRecord<>("posts.raw", 3, 42L, null, value),
                new Collector<>() {
                    @Override
                    public void collect(Ingested record) {
                        out.add(record);
                    }

                    @Override
                    public void close() {}
                });
        return out;
    }

    @Test
    void emitsOneRecordPerMessageWithTopicPartitionOffset() {
        List<Ingested> accepted = deserialize(avro(post("1")));
        assertEquals(1, accepted.size());
        assertEquals(post("1"), accepted.get(0).post);

        List<Ingested> garbage = deserialize(new byte[] {(byte) 0xC3, 0x01, 0x00});
        assertEquals(1, garbage.size());
        assertEquals("truncated Avro payload (incomplete header)",
                garbage.get(0).rejected.getReason());
        assertEquals("posts.raw/3/42", garbage.get(0).rejected.getSource());

        assertEquals("empty payload", deserialize(null).get(0).rejected.getReason());
    }

    @Test
    void producesThePojoType() {
        assertSame(Ingested.TYPE, deserializer.getProducedType());
    }
}
