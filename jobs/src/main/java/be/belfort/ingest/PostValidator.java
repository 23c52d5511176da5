package be.belfort.ingest;

import be.belfort.schema.GeoPoint;
import be.belfort.schema.Post;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Semantic checks on a decoded {@link Post}: what the schema cannot express. Reasons never quote
 * the author handle.
 */
public class PostValidator implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ValidationLimits limits;
    // The JDK clocks (systemUTC, fixed, offset) are all Serializable.
    private final Clock clock;

    public PostValidator(ValidationLimits limits, Clock clock) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The clock that defines "now" for created_at checks and for rejected_at. */
    public Clock clock() {
        return clock;
    }

    /** Returns null when {@code post} is acceptable, else a short human reason. */
    public String problem(Post post) {
        return problem(post, true);
    }

    /**
     * {@link #problem(Post)} for a post whose strings were decoded from strict UTF-8 (Avro at ingest): they
     * cannot hold an unpaired surrogate, so the scan for one, a loop over every char of the text that cost
     * more than the rest of the checks together, is left out.
     */
    String problemOfStrictUtf8(Post post) {
        return problem(post, false);
    }

    private String problem(Post post, boolean surrogates) {
        return firstNonNull(
                requiredText("id", post.getId(), limits.maxIdChars(), surrogates),
                post.getPlatform() == null ? "missing field 'platform'" : null,
                requiredText("author", post.getAuthor(), limits.maxAuthorChars(), surrogates),
                requiredText("text", post.getText(), limits.maxTextChars(), surrogates),
                createdAt(post.getCreatedAt()),
                wellFormed("lang", post.getLang(), surrogates),
                wellFormed("url", post.getUrl(), surrogates),
                wellFormed("reply_to", post.getReplyTo(), surrogates),
                geo(post.getGeo()));
    }

    private static String requiredText(String field, String value, int maxChars, boolean surrogates) {
        if (value == null) {
            return "missing field '" + field + "'";
        }
        if (value.isBlank()) {
            return field + " is blank";
        }
        // length() >= code points, so the exact count is only needed near the limit.
        if (value.length() > maxChars && value.codePointCount(0, value.length()) > maxChars) {
            return field + " longer than " + maxChars + " characters";
        }
        return wellFormed(field, value, surrogates);
    }

    /**
     * NUL breaks downstream C tooling and log viewers; a lone surrogate cannot be encoded as
     * UTF-8 (Avro would silently turn it into '?'). JSON escapes can produce both.
     */
    private static String wellFormed(String field, String value, boolean surrogates) {
        if (value == null) {
            return null;
        }
        if (!surrogates) {
            int nul = value.indexOf('\0');
            return nul < 0 ? null : field + " contains a NUL character at index " + nul;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\0') {
                return field + " contains a NUL character at index " + i;
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return field + " contains an unpaired surrogate at index " + i;
            }
        }
        return null;
    }

    private String createdAt(Instant createdAt) {
        if (createdAt == null) {
            return "missing field 'created_at'";
        }
        if (createdAt.isBefore(limits.earliest())) {
            return "created_at " + createdAt + " is before " + limits.earliest();
        }
        Instant now = clock.instant();
        if (createdAt.isAfter(now.plus(limits.maxFutureSkew()))) {
            return "created_at " + createdAt + " is more than " + human(limits.maxFutureSkew())
                    + " in the future";
        }
        if (limits.maxAge() != null && createdAt.isBefore(now.minus(limits.maxAge()))) {
            return "created_at " + createdAt + " is more than " + human(limits.maxAge()) + " old";
        }
        return null;
    }

    private static String geo(GeoPoint geo) {
        if (geo == null) {
            return null;
        }
        // Written so that NaN fails too.
        if (!(geo.getLat() >= -90 && geo.getLat() <= 90)) {
            return "geo.lat " + geo.getLat() + " is outside [-90, 90]";
        }
        if (!(geo.getLon() >= -180 && geo.getLon() <= 180)) {
            return "geo.lon " + geo.getLon() + " is outside [-180, 180]";
        }
        return null;
    }

    /** "1h", "30d", "90s", "1h30m": readable form of the limits in reasons. */
    static String human(Duration d) {
        StringBuilder out = new StringBuilder();
        if (d.toDaysPart() > 0) {
            out.append(d.toDaysPart()).append('d');
        }
        if (d.toHoursPart() > 0) {
            out.append(d.toHoursPart()).append('h');
        }
        if (d.toMinutesPart() > 0) {
            out.append(d.toMinutesPart()).append('m');
        }
        if (d.toSecondsPart() > 0 || out.isEmpty()) {
            out.append(d.toSecondsPart()).append('s');
        }
        return out.toString();
    }

    private static String firstNonNull(String... problems) {
        for (String p : problems) {
            if (p != null) {
                return p;
            }
        }
        return null;
    }
}
