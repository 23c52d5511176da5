package be.belfort.classify;

import be.belfort.schema.Severity;
import java.io.Serializable;
import java.util.Objects;
import java.util.Set;

/**
 * One saved search (zoekopdracht): a Lucene query over post text plus the metadata that says
 * where it applies and why it exists.
 *
 * @param id stable identifier, {@code [a-z0-9-]+}; becomes the alert topic
 * @param label human name shown to operators
 * @param query Lucene classic query syntax, default field {@code text}
 * @param languages ISO 639-3 codes the search applies to; empty = any language
 * @param platforms platform names ({@code be.belfort.schema.Platform} symbols); empty = any
 * @param severity how urgent a surge of this phenomenon is
 * @param purpose why the police may monitor this (purpose limitation)
 * @param retentionDays how long matched posts may be kept
 * @param sourceFile file the search was loaded from (for messages), or a description
 * @param line 1-based line of the search in that file
 */
public record SavedSearch(
    String id,
    String label,
    String query,
    Set<String> languages,
    Set<String> platforms,
    Severity severity,
    String purpose,
    int retentionDays,
    String sourceFile,
    int line)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Copies the sets so the search is immutable, and rejects missing values. */
  public SavedSearch {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(query, "query");
    languages = Set.copyOf(languages);
    platforms = Set.copyOf(platforms);
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(sourceFile, "sourceFile");
  }
}
