package be.belfort.alert;

import static be.belfort.alert.TestAlerts.alert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import be.belfort.ingest.JsonEdge;
import be.belfort.schema.Alert;
import be.belfort.schema.AlertStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class SafeTextTest {
    @Test
    void nul_and_lone_surrogates_go_and_everything_else_stays() {
        assertEquals("ab", SafeText.clean("a\u0000b"));
        assertEquals("ab", SafeText.clean("a\uD800b"), "lone high surrogate");
        assertEquals("ab", SafeText.clean("a\uDC00b"), "lone low surrogate");
        assertEquals("a", SafeText.clean("a\uD800"), "high surrogate at the end");
        assertEquals("a", SafeText.clean("\uDC00a"), "low surrogate at the start");
        assertEquals("ab", SafeText.clean("a\uDC00\uD800b"), "a pair in the wrong order is two lone halves");
        assertEquals("🔥 brand ëé", SafeText.clean("🔥 brand\u0000 ëé"));
        assertNull(SafeText.clean((String) null));
    }

    @Test
    void clean_text_is_returned_as_it_is() {
        String s = "Vechtpartij op de Korenmarkt 🚓";
        assertSame(s, SafeText.clean(s));
    }

    @Test
    void a_cleaned_alert_has_no_nul_even_in_its_json() {
        Alert a = alert("a\u00001", AlertStatus.open, 2, 14, List.of("tw\u0000-1"), List.of("rel\u0000len", "\uD83D"));
        String json = JsonEdge.toJson(SafeText.clean(a));
        assertFalse(json.contains("\\u0000"), json);
        assertEquals(List.of("rellen", ""), SafeText.clean(a).getTopTerms());
        assertEquals("a1", SafeText.clean(a).getId());
        assertEquals(List.of("tw-1"), SafeText.clean(a).getEvidencePostIds());
    }
}
