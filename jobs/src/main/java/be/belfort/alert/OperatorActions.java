package be.belfort.alert;

import be.belfort.ingest.AvroCodec;
import be.belfort.ingest.InvalidInputException;
import be.belfort.schema.AlertAction;
import be.belfort.schema.RejectedRecord;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Records of the {@code alert-actions} topic as the pipeline reads them: an operator's action, or,
 * for a record that cannot be read, the rejection that says why (a Flink POJO; one of the two is set).
 */
public class OperatorActions {
    private static final int MAX_KEPT_PAYLOAD = 64 * 1024;

    public AlertAction action;
    public RejectedRecord rejected;

    public OperatorActions() {}

    /** Never throws: an unreadable record becomes a rejection naming topic/partition/offset. */
    public static final class Deserializer implements KafkaRecordDeserializationSchema<OperatorActions> {
        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<OperatorActions> out) {
            OperatorActions in = new OperatorActions();
            byte[] value = r.value() == null ? new byte[0] : r.value();
            try {
                in.action = AvroCodec.decode(value, AlertAction.class);
            } catch (InvalidInputException | RuntimeException e) {
                in.rejected = new RejectedRecord(
                        r.topic() + "/" + r.partition() + "/" + r.offset(),
                        ByteBuffer.wrap(Arrays.copyOf(value, Math.min(value.length, MAX_KEPT_PAYLOAD))),
                        "unreadable operator action: " + e.getMessage(),
                        Instant.now());
            }
            out.collect(in);
        }

        @Override
        public TypeInformation<OperatorActions> getProducedType() {
            return TypeInformation.of(OperatorActions.class);
        }
    }
}
