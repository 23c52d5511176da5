package be.belfort.monitor;

import be.belfort.classify.RuleException;
import be.belfort.classify.RulesBundle;
import be.belfort.ingest.Ingested;
import be.belfort.ingest.SeenPostIds;
import be.belfort.nlp.GazetteerException;
import be.belfort.schema.EnrichedPost;
import be.belfort.schema.Post;
import be.belfort.schema.RejectedRecord;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.KeyGroupStatePartitionStreamProvider;
import org.apache.flink.runtime.state.KeyedStateCheckpointOutputStream;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops repeated posts, then runs {@link PostAnalyzer} in a subtask on the rest (input 1, keyed by
 * post id) and swaps it when newer rules arrive on the broadcast side (input 2).
 *
 * <p>Dedupe lives here rather than in an operator of its own because this operator cannot be chained
 * to one before it (it has two inputs): a separate dedupe task cost every post another network hop and
 * task. The ids seen are {@link SeenPostIds}, written to checkpoints as raw keyed state, so they follow
 * their key groups through a rescale. Savepoints from before this (dedupe as its own operator, uid
 * {@code dedupe}) restore with {@code --allowNonRestoredState}; the job then starts with no ids
 * remembered, so a copy of a post from before the restore may pass once.
 *
 * <p>Posts are analysed in batches ({@link PostAnalyzer#analyzeBatch}, markedly cheaper per post) of
 * at most {@code batchSize}. A post never waits longer than {@code maxWait} (processing-time timer),
 * and the buffer is emptied before a watermark passes (so no buffered post turns late downstream),
 * before a checkpoint barrier (so exactly-once needs no buffer in state), before a rules swap (posts
 * that came before new rules are judged by the old ones) and at end of input. Each result keeps the
 * timestamp of its post.
 *
 * <p>Repeated posts are dropped from a batch when it is flushed, not as they arrive: the ids of a batch
 * are looked up together ({@link SeenPostIds#firstSeen}), which lets their cache misses overlap, in
 * arrival order, so of two copies in one batch the first passes. An id's ttl thus starts when its batch
 * is flushed rather than when the post arrived (a batch waits at most {@code maxWait}).
 *
 * <p>A post the analysis chokes on is rejected with the reason rather than failing the job: one odd
 * post must not stop the control room's feed. A failing batch is redone post by post so only the odd
 * post is rejected. A rules bundle that does not validate is rejected the same way (once, by subtask 0)
 * and the running rules stay in force. The rules live in the broadcast state {@link #RULES}, as they
 * did when this was a {@code BroadcastProcessFunction}: savepoints taken before batching still restore.
 */
final class AnalyzeOperator extends AbstractStreamOperator<EnrichedPost>
        implements TwoInputStreamOperator<Ingested, RulesBundle, EnrichedPost> {
    static final MapStateDescriptor<String, RulesBundle> RULES =
            new MapStateDescriptor<>("rules", Types.STRING, TypeInformation.of(RulesBundle.class));
    private static final String CURRENT = "current";
    private static final int MAX_KEPT_PAYLOAD = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(AnalyzeOperator.class);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final AnalysisSpec initial;
    private final MonitorConfig.Secret key;
    private final int batchSize;
    private final long maxWaitMillis;
    private final Duration dedupeTtl;
    private transient SeenPostIds seen;
    private transient int maxKeyGroups;
    private transient Counter duplicates;
    private transient Counter analysed;
    private transient Counter analysisCpu;
    private transient PostAnalyzer analyzer;
    private transient BroadcastState<String, RulesBundle> rules;
    private transient List<Post> posts;
    /** Of each buffered post: its id and key group, for the dedupe of the batch. */
    private transient String[] ids;
    private transient int[] keyGroups;
    private transient boolean[] firstSeen;
    private transient long[] timestamps;
    private transient boolean[] hasTimestamp;
    private transient boolean timerPending;
    private transient StreamRecord<EnrichedPost> reuse;

    AnalyzeOperator(AnalysisSpec initial, MonitorConfig.Secret key, int batchSize, Duration maxWait, Duration dedupeTtl) {
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be at least 1");
        this.initial = initial;
        this.key = key;
        this.batchSize = batchSize;
        this.maxWaitMillis = maxWait.toMillis();
        this.dedupeTtl = dedupeTtl;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        maxKeyGroups = getRuntimeContext().getTaskInfo().getMaxNumberOfParallelSubtasks();
        seen = new SeenPostIds(dedupeTtl, maxKeyGroups);
        for (KeyGroupStatePartitionStreamProvider keyGroup : context.getRawKeyedStateInputs()) {
            try (InputStream in = keyGroup.getStream()) {
                seen.read(keyGroup.getKeyGroupId(), new DataInputViewStreamWrapper(in));
            }
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        KeyedStateCheckpointOutputStream out = context.getRawKeyedOperatorStateOutput();
        try {
            DataOutputViewStreamWrapper view = new DataOutputViewStreamWrapper(out);
            long now = getProcessingTimeService().getCurrentProcessingTime();
            for (int keyGroup : out.getKeyGroupList()) {
                out.startNewKeyGroup(keyGroup);
                seen.write(keyGroup, view, now);
            }
        } finally {
            out.close();
        }
    }

    @Override
    protected boolean isUsingCustomRawKeyedState() {
        return true;
    }

    @Override
    public void open() throws Exception {
        super.open();
        rules = getOperatorStateBackend().getBroadcastState(RULES);
        posts = new ArrayList<>(batchSize);
        ids = new String[batchSize];
        keyGroups = new int[batchSize];
        firstSeen = new boolean[batchSize];
        timestamps = new long[batchSize];
        hasTimestamp = new boolean[batchSize];
        reuse = new StreamRecord<>(null);
        duplicates = getMetricGroup().counter(SeenPostIds.DUPLICATES_METRIC);
        analysed = getMetricGroup().counter(MonitorTopology.ANALYSED_METRIC);
        analysisCpu = getMetricGroup().counter(MonitorTopology.ANALYSIS_CPU_METRIC);
        getMetricGroup().gauge("postIdsRemembered", () -> seen.size());
        // After a restore the broadcast state may hold newer rules than the ones shipped with the job.
        RulesBundle restored = rules.get(CURRENT);
        use(restored != null && restored.publishedAt > initial.publishedAt() ? AnalysisSpec.fromBundle(restored) : initial);
    }

    @Override
    public void processElement1(StreamRecord<Ingested> record) {
        Post post = record.getValue().post;
        int i = posts.size();
        posts.add(post);
        ids[i] = post.getId();
        // The current key is set only while an element is processed, not when the batch is flushed.
        keyGroups[i] = KeyGroupRangeAssignment.assignToKeyGroup(getCurrentKey(), maxKeyGroups);
        timestamps[i] = record.getTimestamp();
        hasTimestamp[i] = record.hasTimestamp();
        if (posts.size() >= batchSize) {
            flush();
        } else if (!timerPending) {
            timerPending = true;
            long now = getProcessingTimeService().getCurrentProcessingTime();
            getProcessingTimeService().registerTimer(now + maxWaitMillis, time -> {
                timerPending = false;
                flush();
            });
        }
    }

    @Override
    public void processElement2(StreamRecord<RulesBundle> record) throws Exception {
        RulesBundle bundle = record.getValue();
        RulesBundle current = rules.get(CURRENT);
        long inForce = current == null ? initial.publishedAt() : Math.max(current.publishedAt, initial.publishedAt());
        if (bundle.problem == null && bundle.publishedAt <= inForce) {
            LOG.info("ignoring rules bundle {} from {}: not newer than the rules in force", bundle.digest, bundle.source);
            return;
        }
        AnalysisSpec spec;
        try {
            if (bundle.problem != null) throw new IllegalArgumentException(bundle.problem);
            spec = AnalysisSpec.fromBundle(bundle);
        } catch (RuntimeException e) {
            // Whatever a bundle does to the loaders, the rules in force keep running.
            if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
                output.collect(MonitorTopology.REJECTED, new StreamRecord<>(rejection(bundle, problems(e))));
            }
            LOG.warn("rejected rules bundle {} from {}: {}", bundle.digest, bundle.source, problems(e));
            return;
        }
        flush();
        rules.put(CURRENT, bundle);
        use(spec);
        LOG.info("rules version {} in force (bundle {} from {})", spec.rules().version(), bundle.digest, bundle.source);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    private void flush() {
        dropRepeated();
        if (posts.isEmpty()) return;
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        List<EnrichedPost> results;
        try {
            results = analyzer.analyzeBatch(posts);
        } catch (RuntimeException batchFailed) {
            results = new ArrayList<>(posts.size());
            for (int i = 0; i < posts.size(); i++) results.add(analyzeOne(posts.get(i), i));
        }
        // -1 where the JVM cannot measure thread CPU time: then the metric stays 0.
        if (cpuStart >= 0) analysisCpu.inc(THREADS.getCurrentThreadCpuTime() - cpuStart);
        for (int i = 0; i < posts.size(); i++) {
            EnrichedPost enriched = results.get(i);
            if (enriched != null) {
                output.collect(stamped(reuse.replace(enriched), i));
                analysed.inc();
            }
        }
        posts.clear();
    }

    /** Removes the buffered posts whose id was seen before, in this batch or within the ttl. */
    private void dropRepeated() {
        int n = posts.size();
        if (n == 0) return;
        seen.firstSeen(ids, keyGroups, n, getProcessingTimeService().getCurrentProcessingTime(), firstSeen);
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (!firstSeen[i]) {
                duplicates.inc();
                continue;
            }
            posts.set(kept, posts.get(i));
            timestamps[kept] = timestamps[i];
            hasTimestamp[kept] = hasTimestamp[i];
            kept++;
        }
        posts.subList(kept, n).clear();
    }

    /** What the metric {@value SeenPostIds#DUPLICATES_METRIC} counts: Flink's test harness has no registry to read it from. */
    long duplicatesDropped() {
        return duplicates.getCount();
    }

    /** What the metric {@value MonitorTopology#ANALYSED_METRIC} counts. */
    long postsAnalysed() {
        return analysed.getCount();
    }

    /** What the metric {@value MonitorTopology#ANALYSIS_CPU_METRIC} counts. */
    long analysisCpuNanos() {
        return analysisCpu.getCount();
    }

    /** The fallback after a failed batch: null when this post is the one the analysis chokes on. */
    private EnrichedPost analyzeOne(Post post, int i) {
        try {
            return analyzer.analyze(post);
        } catch (RuntimeException e) {
            // The raw post holds the author handle, which must not leave ingest: keep only the id.
            output.collect(MonitorTopology.REJECTED, stamped(new StreamRecord<>(new RejectedRecord(
                    "post " + post.getId(),
                    ByteBuffer.wrap(post.getId().getBytes(StandardCharsets.UTF_8)),
                    "analysis failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
                    Instant.now())), i));
            return null;
        }
    }

    private <T> StreamRecord<T> stamped(StreamRecord<T> record, int i) {
        if (hasTimestamp[i]) {
            record.setTimestamp(timestamps[i]);
        } else {
            record.eraseTimestamp();
        }
        return record;
    }

    private void use(AnalysisSpec spec) {
        PostAnalyzer previous = analyzer;
        analyzer = spec.newAnalyzer(key.bytes());
        if (previous != null) previous.close();
    }

    private RejectedRecord rejection(RulesBundle bundle, String problems) {
        byte[] payload = bundle.files.isEmpty() ? new byte[0] : bundle.toJson();
        return new RejectedRecord(
                bundle.source == null ? "rules bundle " + bundle.digest : bundle.source,
                ByteBuffer.wrap(Arrays.copyOf(payload, Math.min(payload.length, MAX_KEPT_PAYLOAD))),
                "rules rejected, previous rules stay in force: " + problems,
                Instant.now());
    }

    private static String problems(RuntimeException e) {
        List<?> list = e instanceof RuleException r ? r.problems()
                : e instanceof GazetteerException g ? g.problems()
                : List.of(e.getMessage());
        return list.stream().map(Object::toString).reduce((a, b) -> a + "; " + b).orElse("invalid");
    }

    @Override
    public void close() throws Exception {
        if (analyzer != null) analyzer.close();
        super.close();
    }
}
