package be.belfort.local;

import java.util.Locale;

/**
 * What a simulated post is about. The nine phenomena carry the id of the saved search that should
 * classify them ({@code rules/phenomena/<id>.yaml}); {@link #NEUTRAL} is ordinary festival chatter and
 * {@link #NEGATIVE} is chatter built to look like a phenomenon without being one ("geweldig concert",
 * "brandnieuw terras", "het vuurwerk was prachtig"): no saved search should match either of them.
 */
public enum ContentKind {
    NEUTRAL, NEGATIVE,
    VERKEER, GELUID, SLUIKSTORT, BRAND, DRUKTE, DIEFSTAL, VERMIST, BETOGING, GEWELD;

    /** True for the nine phenomena a saved search exists for. */
    public boolean isPhenomenon() {
        return this != NEUTRAL && this != NEGATIVE;
    }

    /** The saved-search id expected to match posts of this kind ("geweld"), or null for chatter. */
    public String searchId() {
        return isPhenomenon() ? name().toLowerCase(Locale.ROOT) : null;
    }
}
