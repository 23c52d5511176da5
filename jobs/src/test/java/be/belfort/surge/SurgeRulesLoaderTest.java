package be.belfort.surge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.classify.RuleProblem;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class SurgeRulesLoaderTest {

    @Test
    void theRepositoryFileIsValidAndSaysWhatTheBuiltInDefaultsSay() {
        Path rules = Path.of(System.getProperty("belfort.rules.dir", "../rules"));
        SurgeRulesLoader.Loaded loaded = SurgeRulesLoader.loadFrom(rules);
        assertEquals(List.of(), loaded.problems());
        assertEquals(SurgeRules.defaults(), loaded.rules());
    }

    @Test
    void aFolderWithoutTheFileUsesTheDefaults(@org.junit.jupiter.api.io.TempDir Path empty) {
        assertEquals(SurgeRules.defaults(), SurgeRulesLoader.loadFrom(empty).rules());
    }

    @Test
    void valuesOverrideDefaultsAndTheVersionFollowsThem() {
        SurgeRules rules = SurgeRulesLoader.parse("s.yaml", """
                min_count: 3
                patterns:
                  surge: {threshold: 2.5, span: 90m, cap: 4}
                  escalations:
                    - {id: a-b, first: a, then: b, within: 10m}
                """).rules();
        assertEquals(3, rules.minCount());
        assertEquals(2.5, rules.surgeThreshold());
        assertEquals(java.time.Duration.ofMinutes(90), rules.span());
        assertEquals(4, rules.cap());
        assertEquals(List.of(new SurgeRules.Sequence("a-b", "a", "b", java.time.Duration.ofMinutes(10))), rules.sequences());
        assertEquals(List.of(), rules.risings());
        assertTrue(!rules.version().equals(SurgeRules.defaults().version()));
    }

    @Test
    void everyProblemIsReportedWithFileAndLine() {
        List<String> problems = SurgeRulesLoader.parse("rules/surge.yaml", """
                min_count: 0
                min_autors: 3
                baseline:
                  season: monthly
                  warmup: soon
                patterns:
                  surge:
                    threshold: high
                    cap: 0
                  escalations:
                    - {id: x, first: geluid}
                    - {id: x, rising: drukte, within: 5m}
                alerts:
                  cooldown: 2h
                  cooldown: 3h
                """).problems().stream().map(RuleProblem::toString).toList();
        assertEquals(List.of(
                "rules/surge.yaml:2: unknown key 'min_autors' in the file; known keys are [alerts, baseline, min_authors, min_count, patterns]",
                "rules/surge.yaml:15: duplicate key 'cooldown'",
                "rules/surge.yaml:11: escalation needs either 'first', 'then' and 'within', or 'rising'",
                "rules/surge.yaml:12: duplicate escalation id 'x'",
                "rules/surge.yaml:12: 'within' does not go with 'rising'",
                "rules/surge.yaml:1: 'min_count' must be between 1 and 1000000, found 0",
                "rules/surge.yaml:4: 'season' must be one of none, hour-of-day, hour-of-week, found 'monthly'",
                "rules/surge.yaml:5: 'warmup': 'soon' is not a duration (examples: 500ms, 30s, 5m, 2h, 7d)",
                "rules/surge.yaml:8: 'surge threshold' must be a number, found 'high'",
                "rules/surge.yaml:9: 'cap' must be between 0.5 and 100, found 0"), problems);
    }

    @Test
    void yamlSyntaxErrorsHaveALine() {
        List<RuleProblem> problems = SurgeRulesLoader.parse("s.yaml", "min_count: 3\nbaseline: [\n").problems();
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).line() > 0 && problems.get(0).message().startsWith("YAML syntax error"), problems.toString());
    }
}
