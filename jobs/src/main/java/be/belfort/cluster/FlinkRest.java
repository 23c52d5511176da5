package be.belfort.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The few questions a local cluster asks its JobManager's REST API: is the cluster up, in which state
 * is a job, how many checkpoints has it completed, how often has it failed over.
 */
public final class FlinkRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public FlinkRest(URI base) {
        this.base = base;
    }

    /** Registered TaskManagers and their free slots. */
    public record Overview(int taskManagers, int slotsTotal, int slotsAvailable) {}

    /**
     * Completed checkpoints of a job, and the id and trigger time (epoch ms) of the latest one (both -1
     * before the first).
     */
    public record Checkpoints(long completed, long latestId, long latestTriggeredAt) {}

    public Overview overview() throws IOException {
        JsonNode n = get("/overview");
        return new Overview(n.path("taskmanagers").asInt(), n.path("slots-total").asInt(), n.path("slots-available").asInt());
    }

    /** The job's state ({@code RUNNING}, {@code RESTARTING}, {@code FINISHED}, ...). */
    public String jobState(String jobId) throws IOException {
        return get("/jobs/" + jobId).path("state").asText();
    }

    /** True when the job and every one of its tasks run: after a restart, sources read again. */
    public boolean fullyRunning(String jobId) throws IOException {
        JsonNode job = get("/jobs/" + jobId);
        if (!job.path("state").asText().equals("RUNNING")) return false;
        for (JsonNode v : job.path("vertices")) {
            if (!v.path("status").asText().equals("RUNNING")) return false;
        }
        return job.path("vertices").size() > 0;
    }

    public Checkpoints checkpoints(String jobId) throws IOException {
        JsonNode n = get("/jobs/" + jobId + "/checkpoints");
        JsonNode latest = n.path("latest").path("completed");
        boolean none = latest.isMissingNode() || latest.isNull();
        return new Checkpoints(n.path("counts").path("completed").asLong(), none ? -1 : latest.path("id").asLong(),
                none ? -1 : latest.path("trigger_timestamp").asLong());
    }

    /**
     * Failures the job has recovered from, as its exception history lists them (capped at
     * {@code web.exception-history-size}). Not the {@code numRestarts} metric: the REST metric store
     * answers from its last fetch, which can predate a failure by any amount of time.
     */
    public int failovers(String jobId) throws IOException {
        return get("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries").size();
    }

    private JsonNode get(String path) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(5)).GET().build();
        try {
            HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() != 200) {
                throw new IOException("GET " + path + ": HTTP " + resp.statusCode() + " " + resp.body());
            }
            return JSON.readTree(resp.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: GET " + path, e);
        }
    }
}
