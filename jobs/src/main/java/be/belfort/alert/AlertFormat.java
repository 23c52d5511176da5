package be.belfort.alert;

import be.belfort.schema.Alert;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** One readable line per alert, for a terminal in the control room. Times are Ghent local time. */
public final class AlertFormat {
    private static final ZoneId GHENT = ZoneId.of("Europe/Brussels");
    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm").withZone(GHENT);
    private static final int SHOWN_EVIDENCE = 3;

    private AlertFormat() {}

    /**
     * For example: {@code 22:45 OPEN     HIGH     geweld @ binnenstad  34 posts 22:35-22:45 (baseline 10, score 3.4)
     * terms: vechtpartij, politie  evidence: tw-1816, tw-1822, tw-1830 +31  [id 5f2c9a1e]}.
     */
    public static String line(Alert a) {
        List<String> ev = a.getEvidencePostIds();
        String evidence = String.join(", ", ev.subList(0, Math.min(SHOWN_EVIDENCE, ev.size())))
                + (ev.size() > SHOWN_EVIDENCE ? " +" + (ev.size() - SHOWN_EVIDENCE) : "");
        return String.format(Locale.ROOT,
                "%s %-8s %-8s %s @ %s  %d posts %s-%s (baseline %.0f, score %.1f)  terms: %s  evidence: %s  [id %s]",
                HM.format(a.getCreatedAt()),
                a.getStatus().name().toUpperCase(Locale.ROOT),
                a.getSeverity().name().toUpperCase(Locale.ROOT),
                a.getTopic(), a.getArea(), a.getCount(),
                HM.format(a.getWindowStart()), HM.format(a.getWindowEnd()),
                a.getBaseline(), a.getScore(),
                a.getTopTerms().isEmpty() ? "-" : String.join(", ", a.getTopTerms()),
                ev.isEmpty() ? "-" : evidence,
                a.getId());
    }
}
