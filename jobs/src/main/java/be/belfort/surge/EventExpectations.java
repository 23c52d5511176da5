package be.belfort.surge;

import java.io.Serializable;
import java.util.OptionalDouble;

/**
 * What an active event (rules/events/*.yaml) lets the surge stage expect: while an event covers an
 * area, its expected volume replaces the learned baseline, so a busy Gentse Feesten night is not an
 * alarm by itself while a fight within it still is.
 *
 * <p>Implemented outside this package from the events rules (an event's {@code activeAt},
 * {@code covers} and {@code expectedPerBucket}); shipped to the tasks, hence Serializable. Must be
 * cheap and side-effect free: it is asked once per closed bucket.
 */
@FunctionalInterface
public interface EventExpectations extends Serializable {

    /** No events: the learned baseline always applies. */
    EventExpectations NONE = (topic, area, bucketStart) -> OptionalDouble.empty();

    /**
     * @param topic       phenomenon or event id of the key
     * @param area        wijk id, or "gent" for the whole city
     * @param bucketStart start of the bucket in epoch milliseconds
     * @return hits per bucket to expect for this key while an event is active, or empty when no
     *         event applies
     */
    OptionalDouble expected(String topic, String area, long bucketStart);
}
