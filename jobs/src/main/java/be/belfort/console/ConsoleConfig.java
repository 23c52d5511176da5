package be.belfort.console;

import be.belfort.config.Settings;
import java.time.Duration;
import java.util.Map;

/**
 * The console's settings, from flat keys (a properties file, {@code --set key=value}); unknown keys
 * and bad values are errors, all reported at once.
 *
 * @param bind address to listen on; {@code 0.0.0.0} to serve the control room's wall screens
 * @param port 0 picks a free port
 */
public record ConsoleConfig(
        String bootstrapServers,
        String alertsTopic,
        String actionsTopic,
        String groupId,
        String bind,
        int port,
        Duration sessionTimeout,
        int loginMaxFailures,
        Duration loginWindow,
        Duration activityWindow) {

    public static ConsoleConfig from(Map<String, String> values) {
        Settings s = new Settings(values);
        ConsoleConfig c = from(s);
        s.finish();
        return c;
    }

    /** Reads the console's keys from {@code s}; the caller calls {@link Settings#finish()}. */
    public static ConsoleConfig from(Settings s) {
        ConsoleConfig c = new ConsoleConfig(
                s.string("kafka.bootstrap-servers", ""),
                s.string("kafka.topic.alerts", "alerts"),
                s.string("kafka.topic.alert-actions", "alert-actions"),
                s.string("console.group-id", "belfort-console"),
                s.string("console.bind", "127.0.0.1"),
                s.integer("console.port", 8080, 0, 65535),
                s.duration("console.session-timeout", Duration.ofMinutes(15), Duration.ofSeconds(10)),
                s.integer("console.login.max-failures", 5, 1, 1000),
                s.duration("console.login.window", Duration.ofMinutes(5), Duration.ofSeconds(1)),
                s.duration("console.activity-window", Duration.ofHours(3), Duration.ofMinutes(1)));
        if (c.bootstrapServers.isEmpty()) s.problem("kafka.bootstrap-servers must be set (or --bootstrap-servers)");
        return c;
    }
}
