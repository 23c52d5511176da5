package be.belfort.classify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A whole rules folder (saved searches, events, places, surge settings) as one message, so a rule
 * change travels to a running job over the {@code rules} topic and is validated there by the same
 * loaders that read the folder. A Flink POJO: it is also what the job keeps in broadcast state.
 *
 * <p>{@code publishedAt} orders bundles: a job only ever moves to a newer one, so replaying the topic
 * from the start, or restarting with an older folder, never rolls the rules back.
 */
public class RulesBundle {
    /** Folders that hold labelled test data, not rules: never shipped to the job. */
    private static final String EVAL_DIR = "eval";

    /** Relative path (with '/') to file content. */
    public Map<String, String> files = new TreeMap<>();
    public long publishedAt;
    /** Content hash, to tell bundles apart in logs and rejections (the rules version comes from the loaders). */
    public String digest;
    /** Where the bundle came from (topic/partition/offset), for rejection reports. */
    public String source;
    /** Set when the message could not even be read as a bundle; the job rejects it with this reason. */
    public String problem;

    public RulesBundle() {}

    public RulesBundle(Map<String, String> files, long publishedAt) {
        this.files = new TreeMap<>(files);
        this.publishedAt = publishedAt;
        this.digest = digest(this.files);
    }

    /** Every YAML file under {@code dir}, except the evaluation data. */
    public static RulesBundle read(Path dir, long publishedAt) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                if (Files.isRegularFile(p) && (rel.endsWith(".yaml") || rel.endsWith(".yml"))
                        && !rel.startsWith(EVAL_DIR + "/")) {
                    files.put(rel, Files.readString(p, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rules folder " + dir, e);
        }
        return new RulesBundle(files, publishedAt);
    }

    /**
     * Writes the bundle out as a folder, so the loaders read it exactly as they read a checkout, with
     * the same file:line messages. Refuses paths that would escape the folder.
     */
    public Path materialize(Path target) {
        try {
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path p = target.resolve(f.getKey()).normalize();
                if (!p.startsWith(target) || f.getKey().startsWith("/")) {
                    throw new IllegalArgumentException("rules bundle path escapes the rules folder: " + f.getKey());
                }
                Files.createDirectories(p.getParent());
                Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write rules bundle to " + target, e);
        }
    }

    /** A message that is not a bundle: kept so the job can reject it with the reason instead of dropping it. */
    public static RulesBundle unreadable(String source, String problem) {
        RulesBundle b = new RulesBundle();
        b.source = source;
        b.problem = problem;
        return b;
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(Map.of("published_at", publishedAt, "files", files));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a message of the {@code rules} topic; never throws (see {@link #problem}). */
    public static RulesBundle fromJson(byte[] json, String source) {
        try {
            com.fasterxml.jackson.databind.JsonNode n = JSON.readTree(json);
            if (n == null || !n.path("files").isObject() || !n.path("published_at").canConvertToLong()) {
                return unreadable(source, "not a rules bundle: expected {\"published_at\": millis, \"files\": {path: yaml}}");
            }
            Map<String, String> files = new TreeMap<>();
            for (Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> f : n.path("files").properties()) {
                if (!f.getValue().isTextual()) return unreadable(source, "file " + f.getKey() + " is not text");
                files.put(f.getKey(), f.getValue().asText());
            }
            RulesBundle b = new RulesBundle(files, n.path("published_at").asLong());
            b.source = source;
            return b;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return unreadable(source, "not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return unreadable(source, "unreadable: " + e.getMessage());
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static String digest(Map<String, String> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            files.forEach((k, v) -> {
                sha.update(k.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(v.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            });
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
