package be.belfort.cli;

import be.belfort.ingest.Ingested;
import be.belfort.ingest.PostDecoder;
import be.belfort.monitor.MonitorConfig;
import be.belfort.monitor.PostAnalyzer;
import be.belfort.schema.EnrichedPost;
import be.belfort.schema.MatchedSearch;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code belfort classify}: JSON-lines posts on stdin, one JSON line per post on stdout, through the
 * same decode, validation and analysis code the job runs.
 */
@Command(name = "classify", description = "Classify JSON-lines posts from stdin against the saved searches; one JSON line per post on stdout. Exit status 3 when some lines were rejected (reported on stderr with their line number).")
final class ClassifyCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec CommandSpec spec;
    @Mixin JobOptions job = new JobOptions();

    @Override
    public Integer call() throws Exception {
        // A throw-away key unless one is configured: the output shows pseudonyms, never handles.
        MonitorConfig cfg = job.config(Map.of("pseudonym.key", UUID.randomUUID().toString(), "ingest.max-age", "none"));
        PostDecoder decoder = cfg.decoder();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int lineNo = 0;
        int rejected = 0;
        try (PostAnalyzer analyzer = job.analysis(cfg).newAnalyzer(cfg.pseudonymKey().bytes());
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank()) continue;
                Ingested ing = decoder.decode(line.getBytes(StandardCharsets.UTF_8), "stdin:" + lineNo);
                if (ing.isRejected()) {
                    rejected++;
                    err.println("rejected stdin:" + lineNo + ": " + ing.rejected.getReason());
                    continue;
                }
                out.println(JSON.writeValueAsString(summary(analyzer.analyze(ing.post))));
            }
        }
        out.flush();
        return rejected == 0 ? 0 : 3;
    }

    static ObjectNode summary(EnrichedPost p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", p.getId());
        o.put("lang", p.getLang());
        ArrayNode phenomena = o.putArray("phenomena");
        p.getMatches().forEach(m -> phenomena.add(m.getSearchId()));
        ArrayNode places = o.putArray("places");
        p.getPlaces().forEach(places::add);
        o.put("wijk", p.getWijk());
        o.put("author", p.getAuthor());
        ArrayNode matches = o.putArray("matches");
        for (MatchedSearch m : p.getMatches()) {
            ObjectNode mo = matches.addObject();
            mo.put("search_id", m.getSearchId());
            mo.put("version", m.getVersion());
            ArrayNode terms = mo.putArray("terms");
            m.getTerms().forEach(terms::add);
        }
        return o;
    }
}
