package be.belfort.cli;

import be.belfort.classify.RuleException;
import be.belfort.config.ConfigException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/belfort}: the one entry point for analysts, operators and engineers. */
@Command(
        name = "belfort",
        mixinStandardHelpOptions = true,
        version = "belfort 0.1.0",
        description = "Real-time social-media watchtower for police and city event teams.",
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            ClassifyCommand.class,
            EvalRulesCommand.class,
            ReplayCommand.class,
            SurgeCommand.class,
            EvalSurgeCommand.class,
            RulesCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Belfort {
    private static final Logger LOG = LoggerFactory.getLogger(Belfort.class);

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line on the process's standard streams and returns the exit code. */
    public static int run(String... args) {
        // JSON output carries emoji and accents whatever the terminal's locale says.
        return run(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
                new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true), args);
    }

    /** Runs a command line and returns the exit code: 0 fine, 1 failed, 2 a user mistake. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Belfort());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, a) -> {
            PrintWriter w = ex.getCommandLine().getErr();
            w.println("belfort: " + ex.getMessage());
            w.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter w = commandLine.getErr();
            if (ex instanceof ConfigException c) {
                c.problems().forEach(p -> w.println("belfort: configuration: " + p));
                return 2;
            }
            if (ex instanceof RuleException r) {
                r.problems().forEach(p -> w.println("belfort: rules: " + p));
                return 2;
            }
            if (ex instanceof UserError) {
                w.println("belfort: " + ex.getMessage());
                return 2;
            }
            LOG.error("command failed", ex);
            w.println("belfort: " + ex.getClass().getSimpleName() + ": " + ex.getMessage()
                    + " (details in " + System.getProperty("belfort.log.file", "the log") + ")");
            return 1;
        });
        return cli.execute(args);
    }

    /** A mistake the user can fix (missing file, bad flag value): reported as one line, no stack trace. */
    public static final class UserError extends RuntimeException {
        public UserError(String message) {
            super(message);
        }
    }
}
