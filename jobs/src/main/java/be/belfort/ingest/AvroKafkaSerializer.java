package be.belfort.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Kafka sink serializer writing Avro single-object encoding ({@link AvroCodec#encode}) to one
 * fixed topic, keyed by a UTF-8 key taken from the record (null key: Kafka's default
 * partitioning). The Flink record timestamp becomes the Kafka timestamp, so event time survives
 * the hop to the next job.
 *
 * @param <T> a generated {@code be.belfort.schema} class
 */
public class AvroKafkaSerializer<T extends SpecificRecord>
        implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final SerializableFunction<T, String> key;

    public AvroKafkaSerializer(String topic, SerializableFunction<T, String> key) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.key = Objects.requireNonNull(key, "key");
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context,
            Long timestamp) {
        String k = key.apply(element);
        // Kafka refuses negative timestamps; Flink uses Long.MIN_VALUE for "none".
        Long kafkaTimestamp = timestamp == null || timestamp < 0 ? null : timestamp;
        return new ProducerRecord<>(topic, null, kafkaTimestamp,
                k == null ? null : k.getBytes(StandardCharsets.UTF_8), AvroCodec.encode(element));
    }
}
