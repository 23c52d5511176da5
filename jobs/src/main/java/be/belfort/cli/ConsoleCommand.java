package be.belfort.cli;

import be.belfort.alert.AlertDatabase;
import be.belfort.config.Settings;
import be.belfort.console.Console;
import be.belfort.console.ConsoleConfig;
import be.belfort.console.OperatorAccounts;
import be.belfort.console.PasswordHash;
import be.belfort.console.Role;
import be.belfort.local.EmbeddedPostgres;
import be.belfort.monitor.JobArgs;
import be.belfort.nlp.Gazetteer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code belfort console}: the control room's web console against a running Kafka and PostgreSQL (or
 * an embedded PostgreSQL, for trying it out), until Ctrl-C. {@code belfort console hash-password}
 * makes a line for the users file.
 */
@Command(name = "console", description = "Serve the control-room web console: live alerts from Kafka, history from PostgreSQL, "
        + "operator actions back to Kafka.", subcommands = ConsoleCommand.HashPassword.class)
final class ConsoleCommand implements Callable<Integer> {
    /** The database password is read from here, so that it stays out of process listings. */
    static final String PG_PASSWORD_ENV = "BELFORT_POSTGRES_PASSWORD";

    @Spec CommandSpec spec;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Kafka cluster (kafka.bootstrap-servers).")
    String bootstrapServers;

    @Option(names = "--postgres-url", paramLabel = "JDBC-URL",
            description = "Alert store, e.g. jdbc:postgresql://db:5432/belfort (user: postgres.user, password: env "
                    + PG_PASSWORD_ENV + "). Without it an embedded PostgreSQL is started, and its data is gone when the console stops.")
    String postgresUrl;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (console.port, default 8080; 0 = any free port).")
    Integer port;

    // Checked in call(), not by picocli: a required option here would also be demanded of hash-password.
    @Option(names = "--users", paramLabel = "FILE",
            description = "Operator accounts, lines name:role:hash (see 'belfort console hash-password').")
    Path users;

    @Option(names = "--rules", paramLabel = "DIR", description = "Rules folder; its places/ draw the map. Default: the checkout's rules/.")
    Path rules;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with console settings (see README).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting, e.g. --set console.session-timeout=30m. Repeatable.")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (users == null) throw new Belfort.UserError("--users FILE is required (make lines with 'belfort console hash-password')");
        if (!Files.isRegularFile(users)) throw new Belfort.UserError("users file " + users + " does not exist");
        if (config != null && !Files.isRegularFile(config)) throw new Belfort.UserError("configuration file " + config + " does not exist");
        Map<String, String> values = new LinkedHashMap<>();
        try {
            overrides.forEach(kv -> JobArgs.put(values, kv));
        } catch (IllegalArgumentException e) {
            throw new Belfort.UserError("--set " + e.getMessage());
        }
        if (bootstrapServers != null) values.put("kafka.bootstrap-servers", bootstrapServers);
        if (port != null) values.put("console.port", port.toString());
        if (postgresUrl != null) values.put("postgres.url", postgresUrl);
        Settings s = Settings.fromFile(config, values);
        ConsoleConfig cfg = ConsoleConfig.from(s);
        String pgUrl = s.string("postgres.url", "");
        String pgUser = s.string("postgres.user", "belfort");
        s.finish();
        OperatorAccounts accounts = OperatorAccounts.load(users);
        Gazetteer gazetteer = Gazetteer.load(JobOptions.rulesDir(rules).resolve("places"));
        PrintWriter out = spec.commandLine().getOut();

        EmbeddedPostgres embedded = null;
        DataSource db;
        if (pgUrl.isEmpty()) {
            out.println("belfort console: no --postgres-url; starting an embedded PostgreSQL (its data is gone when the console stops)");
            out.flush();
            embedded = EmbeddedPostgres.start();
            db = embedded.dataSource();
        } else {
            db = AlertDatabase.connect(pgUrl, pgUser, System.getenv().getOrDefault(PG_PASSWORD_ENV, ""));
            AlertDatabase.migrate(db);
        }
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "belfort-console-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (EmbeddedPostgres closeLast = embedded; Console console = Console.start(cfg, db, accounts, gazetteer)) {
            out.printf("belfort console: %s (%d accounts; alerts from %s on %s); Ctrl-C stops%n",
                    console.url(), accounts.size(), cfg.alertsTopic(), cfg.bootstrapServers());
            out.flush();
            stop.await();
        } finally {
            stopped.countDown();
        }
        return 0;
    }

    /** {@code belfort console hash-password}: reads a password (twice, without echo) and prints a users-file line. */
    @Command(name = "hash-password", description = "Read a password from the terminal (or one line of stdin) and print "
            + "a users-file line name:role:pbkdf2$... for it.")
    static final class HashPassword implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--user", required = true, paramLabel = "NAME", description = "Account name (lower case).")
        String user;

        @Option(names = "--role", defaultValue = "operator", paramLabel = "ROLE",
                description = "operator or supervisor (supervisors may read the audit log). Default: ${DEFAULT-VALUE}.")
        String role;

        @Override
        public Integer call() throws Exception {
            Role r;
            try {
                r = Role.valueOf(role.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new Belfort.UserError("--role must be operator or supervisor");
            }
            char[] password = readPassword();
            try {
                if (password.length < 12) throw new Belfort.UserError("password must have at least 12 characters");
                String line = user + ":" + r.name().toLowerCase(Locale.ROOT) + ":" + PasswordHash.hash(password);
                // Parsing the line checks the name the same way the console will.
                OperatorAccounts.parse("--user", List.of(line));
                spec.commandLine().getOut().println(line);
                return 0;
            } finally {
                Arrays.fill(password, '\0');
            }
        }

        private static char[] readPassword() throws java.io.IOException {
            java.io.Console terminal = System.console();
            if (terminal != null) {
                char[] first = terminal.readPassword("Password: ");
                char[] again = terminal.readPassword("Again: ");
                if (first == null || !Arrays.equals(first, again)) throw new Belfort.UserError("the passwords differ");
                return first;
            }
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null) throw new Belfort.UserError("no password on standard input");
            return line.toCharArray();
        }
    }
}
