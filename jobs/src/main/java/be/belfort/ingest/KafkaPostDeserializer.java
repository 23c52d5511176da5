package be.belfort.ingest;

import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Kafka source deserializer: every record value becomes exactly one {@link Ingested}, accepted
 * or rejected (with source "topic/partition/offset"). Never throws, so a poison message cannot
 * put the job into a restart loop.
 */
public class KafkaPostDeserializer implements KafkaRecordDeserializationSchema<Ingested> {
    private static final long serialVersionUID = 1L;

    private final PostDecoder decoder;

    public KafkaPostDeserializer(PostDecoder decoder) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Ingested> out) {
        out.collect(decoder.decode(record.value(), () -> record.topic() + "/" + record.partition() + "/" + record.offset()));
    }

    @Override
    public TypeInformation<Ingested> getProducedType() {
        return Ingested.TYPE;
    }
}
