package be.belfort.console;

import be.belfort.alert.AlertStore;
import be.belfort.nlp.Gazetteer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control-room console: a web application on the JDK's HTTP server over the alert store
 * (PostgreSQL), fed live from the alerts topic and sending operators' actions to the alert-actions
 * topic.
 *
 * <pre>{@code
 * try (Console console = Console.start(ConsoleConfig.from(settings), db, OperatorAccounts.load(usersFile), gazetteer)) {
 *     System.out.println("console at " + console.url());
 *     ...
 * }
 * }</pre>
 */
public final class Console implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Console.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** One client address may fail this many times the per-account limit: a control room shares one address. */
    static final int CLIENT_FAILURE_FACTOR = 5;

    private final HttpServer server;
    private final ExecutorService executor;
    private final AlertFeed feed;
    private final AlertActions actions;
    private final URI url;

    private Console(HttpServer server, ExecutorService executor, AlertFeed feed, AlertActions actions, URI url) {
        this.server = server;
        this.executor = executor;
        this.feed = feed;
        this.actions = actions;
        this.url = url;
    }

    /** Starts serving and consuming; the alert schema in {@code db} must be migrated. */
    public static Console start(ConsoleConfig cfg, DataSource db, OperatorAccounts accounts, Gazetteer gazetteer) throws IOException {
        Clock clock = Clock.systemUTC();
        EventHub hub = new EventHub();
        AlertQueries queries = new AlertQueries(db);
        AlertActions actions = new AlertActions(db, cfg.bootstrapServers(), cfg.actionsTopic());
        AlertFeed feed = null;
        HttpServer server = null;
        ExecutorService executor = null;
        try {
            ConsoleHandler handler = new ConsoleHandler(cfg, new Sessions(cfg.sessionTimeout(), clock),
                    new LoginThrottle(cfg.loginMaxFailures(), cfg.loginWindow(), clock),
                    new LoginThrottle(cfg.loginMaxFailures() * CLIENT_FAILURE_FACTOR, cfg.loginWindow(), clock), accounts, new AuditLog(db),
                    queries, actions, hub, gazetteer);
            feed = new AlertFeed(cfg, new AlertStore(db), ids -> announce(queries, hub, ids));
            server = HttpServer.create(new InetSocketAddress(cfg.bind(), cfg.port()), 64);
            AtomicInteger n = new AtomicInteger();
            // Unbounded threads: each open live feed holds one; their number is capped by the handler.
            executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "belfort-console-http-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            server.createContext("/", handler);
            server.start();
            feed.start();
            String host = cfg.bind().equals("0.0.0.0") ? "localhost" : cfg.bind();
            URI url = URI.create("http://" + host + ":" + server.getAddress().getPort() + "/");
            LOG.info("console listening on {} ({} accounts)", url, accounts.size());
            return new Console(server, executor, feed, actions, url);
        } catch (IOException | RuntimeException e) {
            if (server != null) server.stop(0);
            if (executor != null) executor.shutdownNow();
            actions.close();
            throw e;
        }
    }

    /** Tells every open feed about alerts that changed, as the store now has them. */
    private static void announce(AlertQueries queries, EventHub hub, Set<String> ids) {
        for (String id : ids) {
            try {
                queries.summary(id).ifPresent(s -> hub.publish("alert", json(s)));
            } catch (SQLException e) {
                LOG.warn("cannot read alert {} for the live feed: {}", id, e.getMessage());
            }
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the console answers, e.g. {@code http://127.0.0.1:8080/}. */
    public URI url() {
        return url;
    }

    @Override
    public void close() throws InterruptedException {
        feed.close();
        server.stop(0);
        executor.shutdownNow();
        actions.close();
    }
}
