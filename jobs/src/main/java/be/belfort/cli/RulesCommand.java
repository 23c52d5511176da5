package be.belfort.cli;

import be.belfort.classify.RuleException;
import be.belfort.classify.RuleLoader;
import be.belfort.classify.RuleProblem;
import be.belfort.classify.RuleSet;
import be.belfort.surge.SurgeRulesLoader;
import java.util.ArrayList;
import java.util.List;
import be.belfort.monitor.RulesUpdates;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code belfort rules check [DIR]}: every problem in the saved searches, with file and line. */
@Command(name = "rules", description = "Work with saved searches.", subcommands = {RulesCommand.Check.class, RulesCommand.Publish.class})
final class RulesCommand {

    @Command(name = "publish", description = "Validate a rules folder and publish it to the running job's rules topic (hot reload).")
    static final class Publish implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "Rules folder (default: this checkout's rules/).")
        Path dir;

        @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
        String bootstrapServers;

        @Option(names = "--topic", defaultValue = "rules", description = "Rules topic. Default: ${DEFAULT-VALUE}.")
        String topic;

        @Override
        public Integer call() {
            JobOptions opts = new JobOptions();
            opts.rules = dir;
            String version = RulesUpdates.publish(bootstrapServers, topic, opts.rulesDir());
            spec.commandLine().getOut().printf("published rules version %s to %s%n", version, topic);
            return 0;
        }
    }

    @Command(name = "check", description = "Validate saved searches, lexicons, events and surge.yaml: syntax, unknown keys, duplicate ids, expensive queries, dates, areas, thresholds.")
    static final class Check implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "Rules folder (default: this checkout's rules/).")
        Path dir;

        @Override
        public Integer call() {
            JobOptions opts = new JobOptions();
            opts.rules = dir;
            Path rules = opts.rulesDir();
            List<RuleProblem> problems = new ArrayList<>(SurgeRulesLoader.loadFrom(rules).problems());
            RuleSet set = null;
            try {
                set = RuleLoader.load(rules);
            } catch (RuleException e) {
                problems.addAll(e.problems());
            }
            if (!problems.isEmpty()) {
                problems.forEach(p -> spec.commandLine().getErr().println(p));
                spec.commandLine().getErr().printf("%s: %d problem(s)%n", rules, problems.size());
                return 1;
            }
            spec.commandLine().getOut().printf("%s: %d saved searches, %d lexicons, %d active events and the surge rules OK (rules version %s)%n",
                    rules, set.searches().size(), set.lexicons().size(), set.events().size(), set.version());
            return 0;
        }
    }
}
