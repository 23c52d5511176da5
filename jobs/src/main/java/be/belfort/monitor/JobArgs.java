package be.belfort.monitor;

import be.belfort.config.Settings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns {@code --config FILE} and repeated {@code --set key=value} into a validated {@link MonitorConfig}.
 * The pseudonymisation key may also come from {@code BELFORT_PSEUDONYM_KEY}, so it need not appear in
 * a process listing or a committed file.
 */
public final class JobArgs {
    public static final String KEY_ENV = "BELFORT_PSEUDONYM_KEY";

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

    /** The configuration file, then {@code overrides}, then the key from the environment when none was given. */
    public static MonitorConfig load(Path file, Map<String, String> overrides) {
        Map<String, String> all = new LinkedHashMap<>(overrides);
        String envKey = System.getenv(KEY_ENV);
        if (envKey != null && !all.containsKey("pseudonym.key")) all.put("pseudonym.key", envKey);
        return MonitorConfig.from(Settings.fromFile(file, all));
    }

    public static void put(Map<String, String> into, String keyValue) {
        int eq = keyValue.indexOf('=');
        if (eq <= 0) throw new IllegalArgumentException("'" + keyValue + "' is not key=value");
        into.put(keyValue.substring(0, eq).trim(), keyValue.substring(eq + 1).trim());
    }
}
