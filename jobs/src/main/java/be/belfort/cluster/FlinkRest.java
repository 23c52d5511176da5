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
 * is a job, how many checkpoints has it completed, how often has it restarted.
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

    /** Completed checkpoints of a job and the id of the latest one (-1 before the first). */
    public record Checkpoints(long completed, long latestId) {}

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
        return new Checkpoints(n.path("counts").path("completed").asLong(), latest.isMissingNode() || latest.isNull()
                ? -1 : latest.path("id").asLong());
    }

    /** The job-level {@code numRestarts} metric (0 before the first failure). */
    public long restarts(String jobId) throws IOException {
        for (JsonNode m : get("/jobs/" + jobId + "/metrics?get=numRestarts")) {
            return m.path("value").asLong();
        }
        return 0;
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
