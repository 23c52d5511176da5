package be.belfort.cli;

import be.belfort.monitor.AnalysisSpec;
import be.belfort.monitor.JobArgs;
import be.belfort.monitor.MonitorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every command that runs the pipeline shares: rules, a configuration file and overrides. */
final class JobOptions {
    @Option(names = "--rules", paramLabel = "DIR", description = "Rules folder (saved searches, places). Default: the rules/ folder of this checkout.")
    Path rules;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with pipeline settings (see README).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting, e.g. --set surge.min-count=5. Repeatable.")
    List<String> overrides = new ArrayList<>();

    /** The rules folder to use: --rules, else the checkout's, else ./rules. */
    Path rulesDir() {
        return rulesDir(rules);
    }

    /** {@code given}, else the checkout's rules folder, else ./rules. */
    static Path rulesDir(Path given) {
        if (given != null) return requireDir(given);
        String home = System.getProperty("belfort.home");
        if (home != null && Files.isDirectory(Path.of(home, "rules"))) return Path.of(home, "rules");
        return requireDir(Path.of("rules"));
    }

    static Path requireDir(Path dir) {
        if (!Files.isDirectory(dir)) throw new Belfort.UserError("rules folder " + dir + " does not exist");
        return dir;
    }

    /** Settings from --config and --set, on top of the mode's own {@code defaults}. */
    MonitorConfig config(Map<String, String> defaults) {
        if (config != null && !Files.isRegularFile(config)) {
            throw new Belfort.UserError("configuration file " + config + " does not exist");
        }
        Map<String, String> all = new LinkedHashMap<>(defaults);
        all.put("rules.dir", rulesDir().toString());
        try {
            overrides.forEach(kv -> JobArgs.put(all, kv));
        } catch (IllegalArgumentException e) {
            throw new Belfort.UserError("--set " + e.getMessage());
        }
        return JobArgs.load(config, all);
    }

    AnalysisSpec analysis(MonitorConfig cfg) {
        return AnalysisSpec.load(Path.of(cfg.rulesDir()));
    }
}
