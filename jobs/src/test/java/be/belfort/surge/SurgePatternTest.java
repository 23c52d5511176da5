package be.belfort.surge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.nfa.compiler.NFACompiler;
import org.apache.flink.cep.pattern.Pattern;
import org.junit.jupiter.api.Test;

class SurgePatternTest {

    @Test
    void everyPatternCompilesForEveryValidKIncludingOne() {
        for (int k : new int[] {1, 2, 5}) {
            SurgeRules rules = SurgeRules.defaults().withConsecutive(k);
            for (Pattern<ScoredBucket, ScoredBucket> pattern : java.util.List.of(
                    SurgePatterns.surge(rules), SurgePatterns.hotspot(rules))) {
                NFACompiler.compileFactory(pattern, false).createNFA();
                assertEquals(k, pattern.getTimes().getFrom());
                assertEquals(AfterMatchSkipStrategy.skipToNext(), pattern.getAfterMatchSkipStrategy());
            }
        }
        NFACompiler.compileFactory(SurgePatterns.spike(), false).createNFA();
        for (SurgeRules.Sequence s : SurgeRules.defaults().sequences()) {
            NFACompiler.compileFactory(SurgePatterns.sequence(s), false).createNFA();
        }
        for (SurgeRules.Rising r : SurgeRules.defaults().risings()) {
            NFACompiler.compileFactory(SurgePatterns.rising(r, 10), false).createNFA();
        }
    }
}
