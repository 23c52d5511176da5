package be.belfort.surge;

/**
 * A closed bucket with what the baseline expected of it and the pattern flags derived from that: the
 * input of the CEP patterns and of the alert lifecycle. Flink POJO.
 */
public class ScoredBucket {

    public BucketCount bucket;
    /** Expected hits: the learned level of the bucket's seasonal slot, or the active event's expectation. */
    public double expected;
    /** Spread the score divides by: learned mean absolute deviation, at least sqrt(expected). */
    public double spread;
    /** (count - expected) / spread: the bucket alone, what spikes are judged on. */
    public double score;
    /** The recent span's level against its expectation, see {@link Baseline}: what surges are judged on. */
    public double sustained;
    /** The key has history (past warm-up) or an event gives an explicit expectation. */
    public boolean warm;
    /** An event's expectation replaced the learned baseline. */
    public boolean eventActive;
    /** Counts towards a surge (warm) or a new hotspot (not warm, history not unknown): enough hits and authors, and, when warm, sustained score ≥ threshold. */
    public boolean above;
    /** Far above on its own: warm, enough hits and authors, score ≥ spike threshold beyond the remembered peak. */
    public boolean spike;
    /** Keeps an open alert open (hysteresis): enough hits and, when warm, sustained score ≥ resolve threshold. */
    public boolean elevated;
    /** The remembered peak score the bucket was compared with. */
    public double peak;

    public ScoredBucket() {}

    public ScoredBucket(BucketCount bucket, Baseline.Score s) {
        this.bucket = bucket;
        this.expected = s.expected();
        this.spread = s.spread();
        this.score = s.score();
        this.sustained = s.sustained();
        this.warm = s.warm();
        this.eventActive = s.eventActive();
        this.above = s.above();
        this.spike = s.spike();
        this.elevated = s.elevated();
        this.peak = s.peak();
    }

    public String surgeKey() {
        return bucket.surgeKey();
    }

    @Override
    public String toString() {
        return "ScoredBucket{" + bucket + " expected=" + expected + " spread=" + spread + " score=" + score + " sustained=" + sustained
                + (warm ? " warm" : "") + (eventActive ? " event" : "") + (above ? " above" : "")
                + (spike ? " spike" : "") + (elevated ? " elevated" : "") + "}";
    }
}
