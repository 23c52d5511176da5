package be.belfort.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Java process of a local cluster (broker, JobManager, TaskManager, or a command-line tool),
 * started from Maven's jars with the same {@code java} as this JVM. Its stdout and stderr go to a file,
 * so it outlives the JVM that started it ({@code belfort cluster start} returns while it runs on).
 *
 * @param name       short name, also the stem of its {@code .out} file
 * @param mainClass  entry point
 * @param classpath  the {@code -cp} value
 * @param jvmArgs    options before the main class
 * @param args       program arguments
 * @param env        extra environment variables
 */
record ChildJvm(String name, String mainClass, String classpath, List<String> jvmArgs, List<String> args, Map<String, String> env) {

    /**
     * The module opens Flink's distribution passes to every JVM ({@code env.java.opts.all}); Flink's
     * serializers and Kafka's client reflect into these packages on Java 17.
     */
    static final List<String> FLINK_OPENS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    ChildJvm {
        jvmArgs = List.copyOf(jvmArgs);
        args = List.copyOf(args);
        env = Map.copyOf(env);
    }

    List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    /** Starts the process in {@code workDir}, appending its output to {@code logs/<name>.out}. */
    Process start(Path workDir, Path logDir) {
        try {
            Files.createDirectories(logDir);
            ProcessBuilder pb = new ProcessBuilder(command()).directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve(name + ".out").toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(nullFile()));
            pb.environment().putAll(env);
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /**
     * Runs a tool to completion and returns its output; a non-zero exit or a timeout throws with the
     * output's tail, which carries the tool's own explanation.
     */
    String run(Path workDir, Path logDir, Duration timeout) {
        Path out = logDir.resolve(name + ".out");
        try {
            Files.deleteIfExists(out);
            Process p = start(workDir, logDir);
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(name + " did not finish within " + timeout + ": " + tail(out));
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(name + " exited with " + p.exitValue() + ": " + tail(out));
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the output of " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + name, e);
        }
    }

    static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
