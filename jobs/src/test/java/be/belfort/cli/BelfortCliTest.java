package be.belfort.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: exit codes, one-line errors, and the classify contract. */
class BelfortCliTest {
    private static final Path RULES = Path.of(System.getProperty("belfort.rules.dir", "../rules"));

    @TempDir Path dir;

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Belfort.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    private static Result runWithInput(String stdin, String... args) {
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return run(args);
        } finally {
            System.setIn(original);
        }
    }

    @Test
    void rules_check_passes_on_the_shipped_rules() {
        Result r = run("rules", "check", RULES.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("active events and the surge rules OK"), r.out());
    }

    @Test
    void rules_check_names_file_and_line_and_fails() throws Exception {
        Path phenomena = Files.createDirectories(dir.resolve("phenomena"));
        Files.writeString(phenomena.resolve("slecht.yaml"), String.join("\n",
                "id: slecht",
                "label: Slecht",
                "query: '*vuil OR (sluik'",
                "languages: [nld]",
                "platforms: []",
                "severity: medium",
                "purpose: test",
                "retention_days: 30",
                "colour: red",
                ""));
        Result r = run("rules", "check", dir.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("slecht.yaml:9: "), r.err());
        assertTrue(r.err().contains("slecht.yaml:3: "), r.err());
        assertTrue(r.err().lines().noneMatch(l -> l.startsWith("\tat ")), "no stack trace: " + r.err());
    }

    @Test
    void classify_prints_one_json_line_per_post_with_the_contract_fields() throws Exception {
        String in = String.join("\n",
                "{\"id\":\"a\",\"platform\":\"twitter\",\"author\":\"@jan_gent83\",\"text\":\"Vechtpartij op de Korenmarkt, politie ter plaatse\",\"created_at\":\"2026-07-20T21:00:00Z\"}",
                "",
                "{\"id\":\"b\",\"platform\":\"facebook\",\"author\":\"@piet\",\"text\":\"Geweldig concert gisteren!\",\"created_at\":\"2026-07-20T21:01:00Z\"}",
                "");
        Result r = runWithInput(in, "classify", "--rules", RULES.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        ObjectMapper json = new ObjectMapper();
        JsonNode fight = json.readTree(lines.get(0));
        assertEquals("a", fight.get("id").asText());
        assertEquals("nld", fight.get("lang").asText());
        assertEquals("geweld", fight.get("phenomena").get(0).asText());
        assertEquals("korenmarkt", fight.get("places").get(0).asText());
        assertEquals("binnenstad", fight.get("wijk").asText());
        assertTrue(fight.get("author").asText().startsWith("u_"));
        assertFalse(r.out().contains("jan_gent83"), "raw handle leaked");
        assertEquals(0, json.readTree(lines.get(1)).get("phenomena").size(), "geweldig is not geweld");
    }

    @Test
    void classify_reports_bad_lines_with_their_number_and_keeps_going() {
        String in = "{\"id\":\"a\"}\n{\"id\":\"b\",\"platform\":\"twitter\",\"author\":\"@x\",\"text\":\"hallo\",\"created_at\":\"2026-07-20T21:01:00Z\"}\n";
        Result r = runWithInput(in, "classify", "--rules", RULES.toString());
        assertEquals(3, r.code());
        assertTrue(r.err().startsWith("rejected stdin:1: "), r.err());
        assertEquals(1, r.out().lines().count());
    }

    @Test
    void user_mistakes_are_one_line_and_exit_2() {
        Result unknownFlag = run("replay", "--bogus");
        assertEquals(2, unknownFlag.code());
        assertTrue(unknownFlag.err().startsWith("belfort: "), unknownFlag.err());

        Result missing = run("replay", "--in", dir.resolve("nope.jsonl").toString(), "--alerts-out", dir.resolve("a.jsonl").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("does not exist"), missing.err());
        assertEquals(1, missing.err().lines().count(), missing.err());

        Result typo = runWithInput("", "classify", "--rules", RULES.toString(), "--set", "surge.min-cout=3");
        assertEquals(2, typo.code());
        assertTrue(typo.err().contains("unknown setting 'surge.min-cout' (did you mean 'surge.min-count'?)"), typo.err());
    }

    @Test
    void eval_rules_scores_a_tiny_fixture_through_the_job_analysis() throws Exception {
        Path labeled = dir.resolve("tiny.jsonl");
        Files.writeString(labeled, String.join("\n",
                "{\"id\":\"t1\",\"platform\":\"twitter\",\"author\":\"a\",\"text\":\"Vechtpartij op de Korenmarkt, politie ter plaatse\",\"created_at\":\"2026-07-20T21:00:00Z\",\"labels\":{\"phenomena\":[\"geweld\"],\"lang\":\"nld\",\"places\":[\"korenmarkt\"],\"wijk\":\"binnenstad\"}}",
                "{\"id\":\"t2\",\"platform\":\"twitter\",\"author\":\"a\",\"text\":\"Geweldig concert op de Vrijdagmarkt gisteren\",\"created_at\":\"2026-07-20T21:00:00Z\",\"labels\":{\"phenomena\":[],\"lang\":\"nld\",\"places\":[\"vrijdagmarkt\"]}}",
                "{\"id\":\"t3\",\"platform\":\"twitter\",\"author\":\"a\",\"text\":\"Ons brandnieuw terras is open\",\"created_at\":\"2026-07-20T21:00:00Z\",\"labels\":{\"phenomena\":[\"brand\"],\"lang\":\"nld\",\"places\":[]}}",
                ""));

        Result r = run("eval-rules", "--rules", RULES.toString(), "--in", labeled.toString());

        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("geweld        1.000  1.000  1.000        1     1     0     0"), r.out());
        assertTrue(r.out().contains("brand             -  0.000  0.000        1     0     0     1"), r.out());
        assertTrue(r.out().contains("macro-F1           0.500  (3 posts)"), r.out());
        assertTrue(r.out().contains("place recall       1.000  (2/2)"), r.out());
        assertTrue(r.out().contains("FN    brand        t3         Ons brandnieuw terras is open"), r.out());

        Result missing = run("eval-rules", "--rules", RULES.toString(), "--in", dir.resolve("nope.jsonl").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("does not exist"), missing.err());
    }
}
