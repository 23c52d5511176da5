package be.belfort.classify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Saved searches written to hurt: each must be refused by the loader (with its file and the query's
 * line) quickly, on any thread, without hurting whoever loads it. Shared by the {@code rules check}
 * test and the hot-reload test, so the command line and the running job face the same list.
 */
public final class HostileSearches {
    /** Line of the {@code query:} key in {@link #yaml}. */
    public static final int QUERY_LINE = 3;

    private HostileSearches() {}

    /** Search id → query. Ids are also the file names ({@code phenomena/<id>.yaml}). */
    public static Map<String, String> queries() {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("redos-regex", "/(.*a){2000}/");
        q.put("huge-regex", "/" + IntStream.range(0, 20_000).mapToObj(i -> "w" + i).collect(Collectors.joining("|")) + "/");
        q.put("nested-regex", "brand OR /((((a+)+)+)+)+b/");
        q.put("boolean-10000", IntStream.range(0, 10_000).mapToObj(i -> "woord" + i).collect(Collectors.joining(" OR ")));
        q.put("boolean-10000-and", IntStream.range(0, 10_000).mapToObj(i -> "+woord" + i).collect(Collectors.joining(" ")));
        q.put("nesting-1000", "(".repeat(1_000) + "brand" + ")".repeat(1_000));
        q.put("nesting-1000-or", IntStream.range(0, 1_000).mapToObj(i -> "(w" + i + " OR ").collect(Collectors.joining())
                + "brand" + ")".repeat(1_000));
        q.put("nesting-100000", "(".repeat(100_000) + "brand" + ")".repeat(100_000));
        q.put("unbalanced-100000", "(".repeat(100_000) + "brand");
        q.put("leading-star", "*brand");
        q.put("leading-question", "?rand OR brand");
        q.put("leading-in-group", "brand OR (rook AND *wolk)");
        q.put("short-prefix", "b*");
        q.put("fuzzy-2", "brand~2");
        q.put("range", "[a TO zzzz]");
        q.put("only-not", "NOT brand");
        return q;
    }

    /** A complete saved-search file around {@code query}, the query on line {@link #QUERY_LINE}. */
    public static String yaml(String id, String query) {
        return String.join("\n",
                "id: " + id,
                "label: Hostile " + id,
                "query: '" + query.replace("'", "''") + "'",
                "languages: [nld, eng, fra]",
                "platforms: []",
                "severity: high",
                "purpose: test",
                "retention_days: 30",
                "");
    }

    /** Writes {@code phenomena/<id>.yaml} under {@code rulesDir}; returns the file. */
    public static Path write(Path rulesDir, String id, String query) throws IOException {
        Path dir = Files.createDirectories(rulesDir.resolve(RuleLoader.PHENOMENA_DIR));
        return Files.writeString(dir.resolve(id + ".yaml"), yaml(id, query));
    }
}
