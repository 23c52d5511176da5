package be.belfort.surge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.nfa.compiler.NFACompiler;
import org.apache.flink.cep.pattern.Pattern;
import org.junit.jupiter.api.Test;

class SurgePatternTest {

    @Test
    void compilesForEveryValidKIncludingOne() {
        for (int k : new int[] {1, 2, 5}) {
            Pattern<BucketCount, BucketCount> pattern =
                    SurgeStage.surgePattern(SurgeConfig.defaults().withConsecutive(k));
            NFACompiler.compileFactory(pattern, false).createNFA();
            assertEquals(k, pattern.getTimes().getFrom());
            assertEquals(AfterMatchSkipStrategy.skipToNext(), pattern.getAfterMatchSkipStrategy());
        }
    }
}
