package be.belfort.ingest;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Carries a source subtask's event time across a restore. Placed right behind the source (and chained
 * to it), it passes records and watermarks through unchanged, remembers the last watermark it passed
 * in each checkpoint, and after a restore emits that watermark again before anything else.
 *
 * <p>Why: Flink does not checkpoint watermarks. A restored Kafka split that has nothing more to read
 * (its partition was consumed to the end before the failure) never emits one again, so it holds the
 * whole job's event time at its minimum until {@code watermark.idleness} runs out, and no bucket closes
 * and no alert fires in the meantime (the cluster fault run lost the alerts of the last surges this
 * way). Declaring such a split idle sooner is no cure: a split that is merely slow to deliver its
 * backlog would be taken for idle too, and its posts would become late.
 *
 * <p>Safe by construction: the watermark re-emitted is one this subtask had already emitted before
 * the checkpoint, and every record it reads after the restore followed that watermark in the first
 * run as well. That holds only while each subtask gets back its own splits, i.e. when the job is
 * restored at the same parallelism; at another parallelism splits move between subtasks and nothing
 * is carried (event time starts over, as without this operator).
 *
 * <p>Plain (split) list state, not union state: Flink refuses union state in an operator whose
 * subtasks finish one by one, which a stop with savepoint does.
 *
 * @param <T> the records, passed through untouched
 */
public final class RestoredWatermark<T> extends AbstractStreamOperator<T> implements OneInputStreamOperator<T, T> {
    private static final long serialVersionUID = 1L;

    /** One entry (subtask, parallelism, last watermark passed on); a subtask keeps its own at unchanged parallelism. */
    private transient ListState<Tuple3<Integer, Integer, Long>> passed;
    private transient long lastPassed;
    private transient long restored;

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        passed = context.getOperatorStateStore().getListState(new ListStateDescriptor<>(
                "restored-watermark", TypeInformation.of(new TypeHint<Tuple3<Integer, Integer, Long>>() {})));
        List<Tuple3<Integer, Integer, Long>> entries = new ArrayList<>();
        if (context.isRestored()) {
            passed.get().forEach(entries::add);
        }
        restored = floor(entries, getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks());
        lastPassed = Long.MIN_VALUE;
    }

    /**
     * The watermark subtask {@code index} of {@code parallelism} may emit right after a restore with
     * {@code entries}: its own, written at the same parallelism; else {@link Long#MIN_VALUE} (nothing).
     */
    static long floor(List<Tuple3<Integer, Integer, Long>> entries, int index, int parallelism) {
        if (entries.size() != 1) return Long.MIN_VALUE;
        Tuple3<Integer, Integer, Long> own = entries.get(0);
        return own.f0 == index && own.f1 == parallelism ? own.f2 : Long.MIN_VALUE;
    }

    @Override
    public void open() throws Exception {
        super.open();
        if (restored > Long.MIN_VALUE) {
            lastPassed = restored;
            output.emitWatermark(new Watermark(restored));
        }
    }

    @Override
    public void processElement(StreamRecord<T> element) {
        output.collect(element);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        // The source starts again from the minimum after a restore: nothing below what was re-emitted goes on.
        if (mark.getTimestamp() > lastPassed) {
            lastPassed = mark.getTimestamp();
            super.processWatermark(mark);
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        // The end of time (a drained stop, a finished input) is no progress a later run may start from.
        long carried = lastPassed == Long.MAX_VALUE ? Long.MIN_VALUE : lastPassed;
        passed.update(List.of(Tuple3.of(getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks(), carried)));
    }
}
