package be.belfort.alert;

import be.belfort.schema.Alert;
import be.belfort.schema.EvidencePost;
import java.util.List;

/**
 * Text as PostgreSQL and JSON receivers can take it. PostgreSQL text (and jsonb, even escaped as
 * {@code \u0000}) cannot hold NUL, and a lone UTF-16 surrogate has no UTF-8 form: the server rejects
 * it, and an HTTP body would carry a '?' in its place. Both are dropped; every other character,
 * emoji included, is kept as it is.
 */
public final class SafeText {
    private SafeText() {}

    /** {@code s} without NUL characters and unpaired surrogates; the same instance when it had none. */
    public static String clean(String s) {
        if (s == null) return null;
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            boolean bad = ch == 0
                    || (Character.isHighSurrogate(ch) && (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))))
                    || (Character.isLowSurrogate(ch) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1))));
            if (bad && b == null) b = new StringBuilder(s.length()).append(s, 0, i);
            if (!bad && b != null) b.append(ch);
        }
        return b == null ? s : b.toString();
    }

    /**
     * A copy of {@code a} with every string cleaned, so that its JSON form is clean too (cleaning the
     * JSON afterwards would miss the {@code \u0000} escapes the JSON writer produces for NUL).
     */
    public static Alert clean(Alert a) {
        return Alert.newBuilder(a)
                .setId(clean(a.getId()))
                .setKind(clean(a.getKind()))
                .setTopic(clean(a.getTopic()))
                .setArea(clean(a.getArea()))
                .setEvidencePostIds(clean(a.getEvidencePostIds()))
                .setTopTerms(clean(a.getTopTerms()))
                .setRulesVersion(clean(a.getRulesVersion()))
                .setPattern(clean(a.getPattern()))
                .setDetectorVersion(clean(a.getDetectorVersion()))
                .setEvidence(a.getEvidence().stream()
                        .map(e -> new EvidencePost(clean(e.getPostId()), clean(e.getAuthor()), clean(e.getText()), clean(e.getTerms())))
                        .toList())
                .build();
    }

    private static List<String> clean(List<String> values) {
        return values.stream().map(SafeText::clean).toList();
    }
}
