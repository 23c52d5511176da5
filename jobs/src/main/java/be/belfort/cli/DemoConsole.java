package be.belfort.cli;

import be.belfort.console.Console;
import be.belfort.console.ConsoleConfig;
import be.belfort.console.OperatorAccounts;
import be.belfort.console.PasswordHash;
import be.belfort.console.Role;
import be.belfort.local.EmbeddedKafka;
import be.belfort.local.EmbeddedPostgres;
import be.belfort.monitor.MonitorConfig;
import be.belfort.nlp.Gazetteer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The demo's web console: an embedded PostgreSQL, the alert-actions topic, and one supervisor account
 * {@code demo} whose random password is printed once and kept nowhere.
 */
final class DemoConsole implements AutoCloseable {
    static final String ACCOUNT = "demo";
    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final EmbeddedPostgres pg;
    private final Console console;

    private DemoConsole(EmbeddedPostgres pg, Console console) {
        this.pg = pg;
        this.console = console;
    }

    static DemoConsole start(EmbeddedKafka kafka, MonitorConfig cfg, int port, PrintWriter out) throws Exception {
        ConsoleConfig consoleCfg = ConsoleConfig.from(Map.of(
                "kafka.bootstrap-servers", kafka.bootstrapServers(),
                "kafka.topic.alerts", cfg.kafka().alertsTopic(),
                "console.group-id", "belfort-demo-console",
                "console.port", Integer.toString(port)));
        kafka.createTopics(1, consoleCfg.actionsTopic());
        String password = password(16);
        OperatorAccounts accounts = OperatorAccounts.single(ACCOUNT, Role.SUPERVISOR, PasswordHash.hash(password.toCharArray()));
        Gazetteer gazetteer = Gazetteer.load(Path.of(cfg.rulesDir()).resolve("places"));
        EmbeddedPostgres pg = EmbeddedPostgres.start();
        try {
            Console console = Console.start(consoleCfg, pg.dataSource(), accounts, gazetteer);
            out.printf("belfort demo: web console at %s  (log in as '%s', password %s; shown only now)%n",
                    console.url(), ACCOUNT, password);
            out.flush();
            return new DemoConsole(pg, console);
        } catch (Exception e) {
            pg.close();
            if (e instanceof java.net.BindException) {
                throw new Belfort.UserError("port " + port + " is in use; pick another with --console-port (0 = any)");
            }
            throw e;
        }
    }

    /** After the simulation: on a terminal, keeps the console up to look around until Ctrl-C. */
    void stayUntilInterrupted(AtomicBoolean stopping, PrintWriter out) throws InterruptedException {
        if (System.console() == null || stopping.get()) return;
        out.printf("belfort demo: the console stays up at %s; Ctrl-C ends the demo%n", console.url());
        out.flush();
        while (!stopping.get()) Thread.sleep(200);
    }

    static String password(int length) {
        SecureRandom random = new SecureRandom();
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        return b.toString();
    }

    @Override
    public void close() throws Exception {
        try {
            console.close();
        } finally {
            pg.close();
        }
    }
}
