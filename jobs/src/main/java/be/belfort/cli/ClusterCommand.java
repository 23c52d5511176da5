package be.belfort.cli;

import be.belfort.cluster.LocalCluster;
import be.belfort.monitor.MonitorConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code belfort cluster}: a real Kafka broker and a standalone Flink session cluster on this machine,
 * each its own JVM from the build's jars, for trying the job as it runs in production.
 */
@Command(name = "cluster", description = "A local Kafka broker + Flink session cluster as separate JVMs (start, status, submit, stop).",
        subcommands = {
            ClusterCommand.Start.class,
            ClusterCommand.Status.class,
            ClusterCommand.Submit.class,
            ClusterCommand.Stop.class
        })
final class ClusterCommand {
    static final String MONITOR_JOB = "be.belfort.monitor.MonitorJob";

    @Option(names = "--home", paramLabel = "DIR", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Cluster folder (configuration, logs, data, checkpoints, pids). Default: data/cluster in this checkout.")
    Path home;

    Path home() {
        return home != null ? home : checkout().resolve("data/cluster");
    }

    static Path checkout() {
        return Path.of(System.getProperty("belfort.home", ".")).toAbsolutePath();
    }

    static Path built(String relative) {
        Path p = checkout().resolve(relative);
        if (!Files.exists(p)) {
            throw new Belfort.UserError(p + " is missing: build first with mvn -DskipTests install");
        }
        return p;
    }

    static void printStatus(LocalCluster c, PrintWriter out) {
        out.println("home:      " + c.home());
        out.println("kafka:     " + c.bootstrapServers());
        out.println("flink:     " + c.restUrl() + " (REST and web UI)");
        c.processes().forEach((name, pid) -> out.printf("%-14s %s%n", name + ":", pid > 0 ? "pid " + pid : "not running"));
        out.println("logs:      " + c.logs());
    }

    @Command(name = "start", description = "Start the broker, a JobManager and TaskManagers, and create Belfort's topics.")
    static final class Start implements Callable<Integer> {
        @ParentCommand ClusterCommand parent;
        @Spec CommandSpec spec;

        @Option(names = "--taskmanagers", defaultValue = "1", description = "TaskManager processes (default ${DEFAULT-VALUE}).")
        int taskManagers;

        @Option(names = "--slots", defaultValue = "2", description = "Slots per TaskManager (default ${DEFAULT-VALUE}).")
        int slots;

        @Option(names = "--partitions", defaultValue = "2", description = "Partitions of the posts topic (default ${DEFAULT-VALUE}).")
        int partitions;

        @Override
        public Integer call() {
            if (taskManagers < 1 || slots < 1 || partitions < 1) {
                throw new Belfort.UserError("--taskmanagers, --slots and --partitions must be at least 1");
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("belfort cluster: starting Kafka, a JobManager and " + taskManagers + " TaskManager(s)...");
            out.flush();
            LocalCluster c = LocalCluster.start(new LocalCluster.Spec(parent.home(), built("jobs/target/cluster"), taskManagers, slots));
            // The default topic names, as the job uses them; the key is required by validation only.
            MonitorConfig.Kafka k = MonitorConfig.from(Map.of("pseudonym.key", "unused-here-topic-names-only")).kafka();
            c.createTopics(partitions, k.postsTopic());
            c.createTopics(1, k.alertsTopic(), k.enrichedTopic(), k.rejectedTopic(), k.deadLetterTopic(), k.rulesTopic(),
                    k.actionsTopic(), k.lateTopic());
            printStatus(c, out);
            out.println("next:      bin/belfort cluster submit   (BELFORT_PSEUDONYM_KEY set)");
            return 0;
        }
    }

    @Command(name = "status", description = "Ports, process ids and logs of the local cluster.")
    static final class Status implements Callable<Integer> {
        @ParentCommand ClusterCommand parent;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            LocalCluster c = attach(parent.home());
            printStatus(c, spec.commandLine().getOut());
            return c.running().size() == c.processes().size() ? 0 : 1;
        }
    }

    @Command(name = "stop", description = "Stop the TaskManagers, the JobManager and the broker (data and checkpoints are kept).")
    static final class Stop implements Callable<Integer> {
        @ParentCommand ClusterCommand parent;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            LocalCluster c = attach(parent.home());
            c.stop();
            spec.commandLine().getOut().println("belfort cluster: stopped (" + c.home() + ")");
            return 0;
        }
    }

    @Command(name = "submit", description = "Submit the monitor job (jobs/target/belfort-job.jar) with flink run; prints the job id.")
    static final class Submit implements Callable<Integer> {
        @ParentCommand ClusterCommand parent;
        @Spec CommandSpec spec;
        @Mixin JobOptions job = new JobOptions();

        @Option(names = "--from-savepoint", paramLabel = "PATH", description = "Start from this savepoint (flink run -s).")
        String savepoint;

        @Override
        public Integer call() {
            LocalCluster c = attach(parent.home());
            // Validated here first, so a mistake is one line instead of a client stack trace.
            MonitorConfig cfg = job.config(Map.of("kafka.bootstrap-servers", c.bootstrapServers()));
            List<String> args = new ArrayList<>();
            if (job.config != null) args.addAll(List.of("--config", job.config.toAbsolutePath().toString()));
            args.addAll(List.of("--set", "kafka.bootstrap-servers=" + c.bootstrapServers(),
                    "--set", "rules.dir=" + Path.of(cfg.rulesDir()).toAbsolutePath()));
            job.overrides.forEach(kv -> args.addAll(List.of("--set", kv)));
            String id = c.submit(built("jobs/target/belfort-job.jar"), MONITOR_JOB, args, savepoint);
            spec.commandLine().getOut().println("belfort cluster: submitted job " + id + " (" + c.restUrl() + "/#/job/running/" + id + ")");
            return 0;
        }
    }

    private static LocalCluster attach(Path home) {
        try {
            return LocalCluster.attach(home);
        } catch (IllegalStateException e) {
            throw new Belfort.UserError(e.getMessage());
        }
    }
}
