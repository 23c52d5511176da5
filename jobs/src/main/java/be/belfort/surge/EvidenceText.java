package be.belfort.surge;

import java.util.regex.Pattern;

/**
 * Evidence text as it may appear on an alert: @handles masked (raw handles never leave ingest, and a
 * mention in a post is someone's handle too) and bounded in length.
 */
public final class EvidenceText {

    /** Longest evidence text kept; a post longer than this is cut with an ellipsis. */
    public static final int MAX_CHARS = 280;
    private static final Pattern HANDLE = Pattern.compile("(?<![\\w@])@[\\p{L}\\p{N}_]+(?:\\.[\\p{L}\\p{N}_]+)*");
    static final String MASK = "@user";

    private EvidenceText() {}

    /** {@code text} with every @handle replaced by {@value #MASK}; "" for null. */
    public static String pseudonymise(String text) {
        if (text == null) {
            return "";
        }
        String masked = HANDLE.matcher(text).replaceAll(MASK);
        return masked.length() <= MAX_CHARS ? masked : masked.substring(0, MAX_CHARS - 1) + "…";
    }
}
