package be.belfort.ingest;

import static be.belfort.ingest.TestPosts.post;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import be.belfort.schema.Alert;
import be.belfort.schema.AlertStatus;
import be.belfort.schema.Post;
import be.belfort.schema.Severity;
import java.time.Instant;
import java.util.List;
import org.apache.flink.util.InstantiationUtil;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class AvroKafkaSerializerTest {

    @Test
    void writesSingleObjectEncodingWithKeyAndTimestamp() throws Exception {
        AvroKafkaSerializer<Post> serializer =
                InstantiationUtil.clone(new AvroKafkaSerializer<>("posts.raw", Post::getId));
        ProducerRecord<byte[], byte[]> record = serializer.serialize(post("7"), null, 1234L);

        assertEquals("posts.raw", record.topic());
        assertNull(record.partition());
        assertArrayEquals(TestPosts.utf8("7"), record.key());
        assertEquals(1234L, record.timestamp());
        assertArrayEquals(Post.getEncoder().encode(post("7")).array(), record.value());
        assertEquals(post("7"), AvroCodec.decode(record.value(), Post.class));
        assertNull(serializer.serialize(post("7"), null, Long.MIN_VALUE).timestamp());
    }

    @Test
    void worksForEveryGeneratedClass() throws Exception {
        Alert alert = Alert.newBuilder()
                .setId("a1").setKind("surge").setTopic("brand").setArea("gent")
                .setWindowStart(Instant.parse("2026-07-20T21:10:00Z"))
                .setWindowEnd(Instant.parse("2026-07-20T21:15:00Z"))
                .setCount(14).setBaseline(10).setScore(1.4)
                .setSeverity(Severity.high).setStatus(AlertStatus.update)
                .setEvidencePostIds(List.of("1")).setTopTerms(List.of())
                .setRulesVersion("v1").setCreatedAt(Instant.parse("2026-07-20T21:15:00Z"))
                .build();
        ProducerRecord<byte[], byte[]> record =
                new AvroKafkaSerializer<Alert>("alerts", a -> null).serialize(alert, null, null);
        assertNull(record.key());
        assertEquals(alert, AvroCodec.decode(record.value(), Alert.class));
        // A Post payload is not an Alert: the fingerprint says so.
        InvalidInputException wrong = assertThrows(InvalidInputException.class,
                () -> AvroCodec.decode(record.value(), Post.class));
        assertEquals("unknown Avro schema fingerprint", wrong.getMessage().substring(0, 31));
    }
}
