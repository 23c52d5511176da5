package be.belfort.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import be.belfort.schema.Alert;
import be.belfort.schema.AlertAction;
import be.belfort.schema.AlertStatus;
import be.belfort.schema.OperatorAction;
import be.belfort.schema.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class OperatorHoldTest {
    private static final Instant T0 = Instant.parse("2026-07-20T21:00:00Z");
    private static final Duration COOLDOWN = Duration.ofHours(2);

    private static KeyedTwoInputStreamOperatorTestHarness<String, Alert, AlertAction, Alert> harness() throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new OperatorHold(COOLDOWN)),
                (Alert a) -> OperatorHold.key(a.getTopic(), a.getArea()),
                (AlertAction a) -> OperatorHold.key(a.getTopic(), a.getArea()),
                Types.STRING);
        h.open();
        return h;
    }

    @Test
    void a_resolved_key_raises_nothing_new_for_the_cooldown_then_state_is_gone() throws Exception {
        try (var h = harness()) {
            h.processElement1(new StreamRecord<>(alert("a1", AlertStatus.open, T0)));
            h.processElement2(new StreamRecord<>(action(OperatorAction.resolve, T0.plusSeconds(60))));
            h.processElement1(new StreamRecord<>(alert("a1", AlertStatus.update, T0.plusSeconds(300))));
            h.processElement1(new StreamRecord<>(alert("a1", AlertStatus.resolved, T0.plusSeconds(900))));
            h.processElement1(new StreamRecord<>(alert("a2", AlertStatus.open, T0.plus(Duration.ofMinutes(90)))));
            // Another key is not affected.
            Alert other = alert("b1", AlertStatus.open, T0.plusSeconds(300));
            other.setArea("dampoort");
            h.processElement1(new StreamRecord<>(other));
            assertEquals(1, h.numKeyedStateEntries(), "one hold");
            assertEquals(1, h.numProcessingTimeTimers());

            h.setProcessingTime(T0.plusSeconds(60).plus(COOLDOWN).toEpochMilli());
            assertEquals(0, h.numKeyedStateEntries(), "hold expired");
            assertEquals(0, h.numProcessingTimeTimers());
            h.processElement1(new StreamRecord<>(alert("a3", AlertStatus.open, T0.plus(Duration.ofHours(3)))));

            List<String> passed = h.extractOutputValues().stream().map(a -> a.getId() + ":" + a.getStatus()).toList();
            assertEquals(List.of("a1:open", "a1:resolved", "b1:open", "a3:open"), passed);
        }
    }

    @Test
    void acknowledging_holds_nothing_back() throws Exception {
        try (var h = harness()) {
            h.processElement2(new StreamRecord<>(action(OperatorAction.acknowledge, T0)));
            h.processElement1(new StreamRecord<>(alert("a1", AlertStatus.update, T0.plusSeconds(300))));
            assertEquals(1, h.extractOutputValues().size());
            assertEquals(0, h.numKeyedStateEntries());
        }
    }

    private static Alert alert(String id, AlertStatus status, Instant at) {
        return Alert.newBuilder().setId(id).setKind("surge").setTopic("geweld").setArea("binnenstad")
                .setWindowStart(at.minusSeconds(600)).setWindowEnd(at).setCount(20).setBaseline(4).setScore(5)
                .setSeverity(Severity.high).setStatus(status).setRulesVersion("r1").setCreatedAt(at).build();
    }

    private static AlertAction action(OperatorAction what, Instant at) {
        return AlertAction.newBuilder().setAlertId("a1").setTopic("geweld").setArea("binnenstad").setAction(what)
                .setOperator("sofie").setActedAt(at).build();
    }
}
