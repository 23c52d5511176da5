package be.belfort.monitor;

import be.belfort.config.Settings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns {@code --config FILE} and repeated {@code --set key=value} into a validated {@link MonitorConfig}.
 * The secrets may also come from the environment ({@code BELFORT_PSEUDONYM_KEY}, {@code BELFORT_PG_PASSWORD}),
 * so they need not appear in a process listing or a committed file.
 */
public final class JobArgs {
    public static final String KEY_ENV = "BELFORT_PSEUDONYM_KEY";
    public static final String PG_PASSWORD_ENV = "BELFORT_PG_PASSWORD";
    /** Setting → environment variable that supplies it when neither the file nor {@code --set} does. */
    private static final Map<String, String> FROM_ENV = Map.of(
            "pseudonym.key", KEY_ENV,
            "sink.postgres.password", PG_PASSWORD_ENV);

    private JobArgs() {}

    public static MonitorConfig parse(String[] args) {
        Path file = null;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("--config") || a.equals("--set")) && i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            if (a.equals("--config")) {
                file = Path.of(args[++i]);
            } else if (a.equals("--set")) {
                put(overrides, args[++i]);
            } else {
                throw new IllegalArgumentException("unexpected argument '" + a + "' (use --config FILE or --set key=value)");
            }
        }
        return load(file, overrides);
    }

    /** The configuration file, then {@code overrides}, then secrets from the environment unless overridden. */
    public static MonitorConfig load(Path file, Map<String, String> overrides) {
        Map<String, String> all = new LinkedHashMap<>(overrides);
        FROM_ENV.forEach((key, env) -> {
            String value = System.getenv(env);
            if (value != null && !all.containsKey(key)) all.put(key, value);
        });
        return MonitorConfig.from(Settings.fromFile(file, all));
    }

    public static void put(Map<String, String> into, String keyValue) {
        int eq = keyValue.indexOf('=');
        if (eq <= 0) throw new IllegalArgumentException("'" + keyValue + "' is not key=value");
        into.put(keyValue.substring(0, eq).trim(), keyValue.substring(eq + 1).trim());
    }
}
