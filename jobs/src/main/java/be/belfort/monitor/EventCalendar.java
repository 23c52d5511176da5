package be.belfort.monitor;

import be.belfort.classify.EventDefinition;
import be.belfort.nlp.Gazetteer;
import be.belfort.surge.EventExpectations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.DoubleStream;

/**
 * The events of rules/events as the surge stage needs them: for a (topic, area, bucket), the volume
 * an active event leads us to expect. An event's area, however it was written (wijken, places, a
 * circle), is resolved to wijken here once, because surge keys are per wijk and for the whole city.
 */
final class EventCalendar implements EventExpectations {
    private static final Duration EXPECTED_PER = Duration.ofMinutes(5);

    private record Entry(EventDefinition event, Set<String> wijken) implements java.io.Serializable {}

    private final List<Entry> entries;
    private final double scale;

    private EventCalendar(List<Entry> entries, Duration bucket) {
        this.entries = entries;
        this.scale = (double) bucket.toMillis() / EXPECTED_PER.toMillis();
    }

    /** Events resolved against the gazetteer; {@code bucket} scales the files' per-5-minute volumes. */
    static EventExpectations of(AnalysisSpec spec, Duration bucket) {
        List<Entry> entries = new ArrayList<>();
        Gazetteer g = spec.gazetteer();
        for (EventDefinition e : spec.rules().events()) {
            Set<String> wijken = new HashSet<>(e.area().wijken());
            for (Gazetteer.Place p : g.places()) {
                if (p.wijk() != null && (e.area().places().contains(p.id())
                        || (e.area().circle() != null && e.area().circle().contains(p.lat(), p.lon())))) {
                    wijken.add(p.wijk());
                }
            }
            for (Gazetteer.Wijk w : g.wijken()) {
                if (e.area().circle() != null && e.area().circle().contains(w.lat(), w.lon())) wijken.add(w.id());
            }
            entries.add(new Entry(e, Set.copyOf(wijken)));
        }
        return entries.isEmpty() ? NONE : new EventCalendar(List.copyOf(entries), bucket);
    }

    /** The largest expectation of the events active in the area; the whole city feels every event. */
    @Override
    public OptionalDouble expected(String topic, String area, long bucketStart) {
        Instant at = Instant.ofEpochMilli(bucketStart);
        DoubleStream.Builder found = DoubleStream.builder();
        for (Entry e : entries) {
            boolean here = area.equals(ToTopicHits.CITY) || e.wijken().contains(area);
            if (here && e.event().activeAt(at)) {
                e.event().expectedPerBucket(topic).ifPresent(v -> found.add(v * scale));
            }
        }
        return found.build().max();
    }
}
