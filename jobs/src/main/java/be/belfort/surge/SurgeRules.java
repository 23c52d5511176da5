package be.belfort.surge;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;

/**
 * The surge detector's thresholds and patterns, as written in {@code rules/surge.yaml} (loaded and
 * validated by {@link SurgeRulesLoader}). Data, not code: operators tune these without a release.
 *
 * @param minCount       absolute minimum hits in a bucket before any pattern may fire
 * @param minAuthors     distinct author pseudonyms a bucket needs (ignored when authors are unknown, as
 *                       for a counts-only series); one account posting 50 times is not a surge
 * @param alpha          EWMA weight of a new observation in the baseline level and spread
 * @param season         how buckets are grouped into seasonal slots
 * @param zone           time zone in which hours and weekdays are counted
 * @param warmup         how long a key is learned before statistics may raise an alert; until then
 *                       only the absolute rule (new hotspot) applies
 * @param clip           protection against learning from a surge: a bucket teaches the baseline at
 *                       most {@code expected + clip * spread}
 * @param forgetAfter    a key's baseline is dropped after this long without any bucket
 * @param surgeThreshold sustained score (of the recent {@code span}) at or above which a bucket is "above"
 *                       (surge pattern)
 * @param consecutive    k: above buckets in a row for a surge (and for a new hotspot)
 * @param span           how far back "recent" reaches for the sustained score: time constant of the EWMA
 *                       of counts that is compared with the EWMA of what was expected
 * @param cap            a bucket adds at most {@code expected + cap * spread} to the recent level: one
 *                       burst is a spike, not a sustained rise
 * @param spikeThreshold score of one bucket at or above which it alone is a spike
 * @param hotspot        whether keys without history alert on the absolute rule
 * @param peakHalfLife   half-life of the key's remembered peak score (learned burstiness)
 * @param peakMargin     a bucket only counts when its score exceeds this times the remembered peak
 * @param resolveBelow   hysteresis: an open alert stays open while the score stays at or above this
 * @param calmBuckets    calm buckets in a row that resolve an open alert
 * @param cooldown       a new match this soon after a resolution reopens the same alert
 * @param sequences      escalations "topic A then topic B in the same area within a time"
 * @param risings        escalations "topic rising for n buckets while an event is active"
 */
public record SurgeRules(
        int minCount,
        int minAuthors,
        double alpha,
        Season season,
        ZoneId zone,
        Duration warmup,
        double clip,
        Duration forgetAfter,
        double surgeThreshold,
        int consecutive,
        Duration span,
        double cap,
        double spikeThreshold,
        boolean hotspot,
        Duration peakHalfLife,
        double peakMargin,
        double resolveBelow,
        int calmBuckets,
        Duration cooldown,
        List<Sequence> sequences,
        List<Rising> risings) implements Serializable {

    /** Seasonal slots of the baseline. */
    public enum Season {
        /** One slot: no seasonality. */
        NONE(1),
        /** 24 slots, one per hour of the day. */
        HOUR_OF_DAY(24),
        /** 168 slots, hour of the day × weekday. */
        HOUR_OF_WEEK(168);

        public final int slots;

        Season(int slots) {
            this.slots = slots;
        }
    }

    /** Escalation: {@code first} above threshold, then {@code then} above threshold, same area, within a time. */
    public record Sequence(String id, String first, String then, Duration within) implements Serializable {}

    /** Escalation: {@code topic} counts strictly rising for {@code buckets} buckets while an event is active. */
    public record Rising(String id, String topic, int buckets) implements Serializable {}

    public SurgeRules {
        sequences = List.copyOf(sequences);
        risings = List.copyOf(risings);
    }

    /** Built-in values, the same as the repository's rules/surge.yaml; used when a rules folder has none. */
    public static SurgeRules defaults() {
        return new SurgeRules(10, 3, 0.015, Season.HOUR_OF_DAY, ZoneId.of("Europe/Brussels"), Duration.ofHours(24),
                3.0, Duration.ofDays(14), 4.2, 2, Duration.ofHours(4), 5.0, 12.0, true, Duration.ofDays(7), 2.0, 2.0, 1,
                Duration.ofHours(2),
                List.of(new Sequence("geluid-dan-geweld", "geluid", "geweld", Duration.ofMinutes(30))),
                List.of(new Rising("drukte-stijgt-tijdens-event", "drukte", 3)));
    }

    public SurgeRules withMinCount(int value) {
        return new SurgeRules(value, minAuthors, alpha, season, zone, warmup, clip, forgetAfter, surgeThreshold,
                consecutive, span, cap, spikeThreshold, hotspot, peakHalfLife, peakMargin, resolveBelow, calmBuckets, cooldown,
                sequences, risings);
    }

    public SurgeRules withConsecutive(int value) {
        return new SurgeRules(minCount, minAuthors, alpha, season, zone, warmup, clip, forgetAfter, surgeThreshold,
                value, span, cap, spikeThreshold, hotspot, peakHalfLife, peakMargin, resolveBelow, calmBuckets, cooldown,
                sequences, risings);
    }

    /**
     * Short fingerprint of every value (comments and layout of the file do not change it), written on
     * each alert as {@code detector_version} so an alert can be traced to the thresholds that raised it.
     */
    public String version() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(toString().getBytes(StandardCharsets.UTF_8));
            return "surge-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required on every Java platform", e);
        }
    }
}
