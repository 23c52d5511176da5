package be.belfort.surge;

import static be.belfort.surge.SurgeFixtures.at;
import static be.belfort.surge.SurgeFixtures.brandHit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.IntStream;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.junit.jupiter.api.Test;

class BucketAggregateTest {

    @Test
    void evidenceKeepsTheTwentyEarliestPostsInTimeOrderWhateverTheArrivalOrder() {
        BucketAggregate aggregate = new BucketAggregate();
        // 25 hits arriving latest first.
        IntStream.iterate(24, i -> i >= 0, i -> i - 1)
                .forEach(i -> aggregate.add(at(0, i), brandHit(at(0, i), "p" + i, "u_" + i)));

        BucketCount closed = aggregate.toBucketCount("brand", "binnenstad", at(0, 0), at(1, 0));

        assertEquals(25, closed.count);
        assertEquals(25, closed.distinctAuthors);
        assertEquals(IntStream.range(0, 20).mapToObj(i -> "p" + i).toList(), closed.evidencePostIds);
        assertEquals(closed.evidencePostIds, closed.evidence.stream().map(e -> e.postId).toList());
        assertEquals("u_0", closed.evidence.get(0).author);
    }

    @Test
    void topTermsByFrequencyThenAlphabetically() {
        BucketAggregate aggregate = new BucketAggregate();
        aggregate.add(at(0, 1), brandHit(at(0, 1), "p1", "u_a", "rook", "brand", "vlammen"));
        aggregate.add(at(0, 2), brandHit(at(0, 2), "p2", "u_b", "rook", "brand"));
        aggregate.add(at(0, 3), brandHit(at(0, 3), "p3", "u_c", "rook", "sirene", "alarm", "zwaailicht"));

        assertEquals(List.of("rook", "brand", "alarm", "sirene", "vlammen"), aggregate.topTerms());
    }

    @Test
    void distinctAuthorsSaturatesAtTheCap() {
        BucketAggregate aggregate = new BucketAggregate();
        for (int i = 0; i < BucketAggregate.MAX_AUTHORS + 10; i++) {
            aggregate.add(at(0, 0), brandHit(at(0, 0), "p" + i, "u_" + i));
        }
        aggregate.add(at(0, 0), brandHit(at(0, 0), "again", "u_0"));

        BucketCount closed = aggregate.toBucketCount("brand", "binnenstad", at(0, 0), at(1, 0));
        assertEquals(BucketAggregate.MAX_AUTHORS + 11, closed.count);
        assertEquals(BucketAggregate.MAX_AUTHORS, closed.distinctAuthors);
        assertEquals(BucketAggregate.MAX_EVIDENCE, closed.evidencePostIds.size());
    }

    @Test
    void stateAndRecordTypesAreFlinkPojosNotKryo() {
        SerializerConfigImpl noGenericTypes = new SerializerConfigImpl();
        noGenericTypes.setGenericTypes(false);
        // Hits are in no state: they travel with a serializer of their own (TopicHitSerializerTest).
        for (Class<?> type : List.of(BucketCount.class, BucketAggregate.class,
                BucketCounter.KeyActivity.class, AlertTracker.OpenAlert.class, Baseline.class, ScoredBucket.class,
                PatternMatch.class, BucketAggregate.Evidence.class)) {
            TypeInformation<?> info = TypeInformation.of(type);
            assertEquals(PojoTypeInfo.class, info.getClass(), type.getSimpleName());
            // Fails on any field that would need Kryo.
            TypeSerializer<?> serializer = info.createSerializer(noGenericTypes);
            assertEquals(PojoSerializer.class, serializer.getClass(), type.getSimpleName());
        }
    }
}
