package be.belfort.cli;

import be.belfort.monitor.MonitorConfig;
import be.belfort.monitor.MonitorJob;
import be.belfort.monitor.RulesUpdates;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code belfort run}: the monitor job on this machine against an external Kafka, until stopped. */
@Command(name = "run", description = "Run the monitor job in-process against an external Kafka cluster (Ctrl-C stops it). "
        + "The pseudonym key comes from --set pseudonym.key=... or BELFORT_PSEUDONYM_KEY.")
final class RunCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin JobOptions job = new JobOptions();

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Override
    public Integer call() throws Exception {
        MonitorConfig cfg = job.config(Map.of("kafka.bootstrap-servers", bootstrapServers));
        try {
            MonitorJob.requireTopics(cfg);
        } catch (IllegalStateException e) {
            throw new Belfort.UserError(e.getMessage());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        MonitorJob.define(env, cfg, job.analysis(cfg));
        spec.commandLine().getOut().printf("belfort: monitoring %s on %s; alerts go to '%s' (Ctrl-C to stop)%n",
                cfg.kafka().postsTopic(), bootstrapServers, cfg.kafka().alertsTopic());
        spec.commandLine().getOut().flush();
        if (!cfg.kafka().hotReload()) {
            env.execute("belfort-monitor");
            return 0;
        }
        // Local mode: edits to the rules folder reach the job through the rules topic.
        try (AutoCloseable watch = RulesUpdates.watch(bootstrapServers, cfg.kafka().rulesTopic(), Path.of(cfg.rulesDir()),
                line -> spec.commandLine().getOut().println("belfort: " + line))) {
            env.execute("belfort-monitor");
        }
        return 0;
    }
}
