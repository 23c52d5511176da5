package be.belfort.alert;

import be.belfort.schema.Alert;
import be.belfort.schema.AlertAction;
import be.belfort.schema.AlertStatus;
import be.belfort.schema.OperatorAction;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * What the control room decided feeds back into the pipeline: once an operator resolves an alert or
 * marks it as noise, the key (topic|area) raises no new or reopened alert for the cooldown, so the
 * wall screen is not re-filled with what a person already dealt with. Acknowledging changes nothing:
 * the surge is still going on and its updates still matter.
 *
 * <p>Alerts are held back by event time ({@code created_at}) against the action's time plus the
 * cooldown; a processing-time timer clears the hold when it runs out, so a quiet key leaves no state.
 */
public final class OperatorHold extends KeyedCoProcessFunction<String, Alert, AlertAction, Alert> {
    private final long cooldownMillis;
    private transient ValueState<Long> heldUntil;
    private transient Counter held;

    public OperatorHold(Duration cooldown) {
        this.cooldownMillis = cooldown.toMillis();
    }

    /** The key alerts and actions share. */
    public static String key(String topic, String area) {
        return topic + "|" + area;
    }

    @Override
    public void open(OpenContext openContext) {
        heldUntil = getRuntimeContext().getState(new ValueStateDescriptor<>("operator-hold-until", Types.LONG));
        held = getRuntimeContext().getMetricGroup().counter("alertsHeldByOperator");
    }

    @Override
    public void processElement1(Alert alert, Context ctx, Collector<Alert> out) throws Exception {
        Long until = heldUntil.value();
        boolean hold = until != null
                && alert.getStatus() != AlertStatus.resolved
                && alert.getCreatedAt().toEpochMilli() <= until;
        if (hold) {
            held.inc();
        } else {
            out.collect(alert);
        }
    }

    @Override
    public void processElement2(AlertAction action, Context ctx, Collector<Alert> out) throws Exception {
        if (action.getAction() == OperatorAction.acknowledge) return;
        long until = action.getActedAt().toEpochMilli() + cooldownMillis;
        Long current = heldUntil.value();
        if (current == null || until > current) {
            heldUntil.update(until);
            // Wall-clock expiry: actions are taken in processing time, and the hold must end even if
            // the key never sees another alert.
            ctx.timerService().registerProcessingTimeTimer(Math.max(until, ctx.timerService().currentProcessingTime()));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        Long until = heldUntil.value();
        if (until != null && timestamp >= until) heldUntil.clear();
    }
}
