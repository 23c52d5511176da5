package be.belfort.cli;

import be.belfort.surge.SeriesReplay;
import be.belfort.surge.SurgeConfig;
import be.belfort.surge.SurgeEvaluation;
import be.belfort.surge.SurgeEvaluation.Result;
import be.belfort.surge.SurgeEvaluation.Window;
import be.belfort.schema.Alert;
import be.belfort.schema.AlertStatus;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code belfort eval-surge}: the surge detector (on Flink, as in {@code belfort surge}) and the
 * TwitInfo reference on labelled series, side by side: windows detected, delays, false-alarm episodes.
 */
@Command(name = "eval-surge", description = "Measure the surge detector against labelled anomaly windows (NAB windows.json), next to a TwitInfo-style reference.")
final class EvalSurgeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin SeriesOptions options = new SeriesOptions();

    @Option(names = "--windows", required = true, paramLabel = "FILE", description = "Labelled windows, NAB's windows.json format.")
    Path windowsFile;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(windowsFile)) throw new Belfort.UserError("windows file " + windowsFile + " does not exist");
        Map<String, List<Window>> windows;
        try {
            windows = SurgeEvaluation.readWindows(windowsFile);
        } catch (RuntimeException e) {
            throw new Belfort.UserError(windowsFile + ": " + e.getMessage());
        }
        SurgeConfig config = options.config();
        List<SeriesReplay.Series> series = options.read(config);
        for (SeriesReplay.Series s : series) {
            if (!windows.containsKey(s.name())) throw new Belfort.UserError("no windows for series " + s.name() + " in " + windowsFile);
        }
        List<Alert> records = SeriesReplay.run(StreamExecutionEnvironment.getExecutionEnvironment(), series, config);
        // Every opening counts, reopenings within the cooldown included: the control room hears each.
        Map<String, List<Instant>> opened = records.stream()
                .filter(a -> a.getStatus() == AlertStatus.open)
                .collect(Collectors.groupingBy(Alert::getTopic, Collectors.mapping(Alert::getCreatedAt, Collectors.toList())));

        PrintWriter out = spec.commandLine().getOut();
        out.printf("detector %s (rules/surge.yaml) vs TwitInfo reference (EWMA alpha 0.125, (x-mean)/meandev > 2)%n",
                config.rules().version());
        out.printf(Locale.ROOT, "%-22s %7s | %-8s %-30s %6s | %-8s %-30s %6s%n", "series", "windows",
                "belfort", "delay per window (h)", "false", "twitinfo", "delay per window (h)", "false");
        List<Result> ours = new ArrayList<>();
        List<Result> theirs = new ArrayList<>();
        for (SeriesReplay.Series s : series) {
            List<Window> w = windows.get(s.name());
            Result r = SurgeEvaluation.score(opened.getOrDefault(s.name(), List.of()), w);
            Result t = SurgeEvaluation.score(SurgeEvaluation.twitInfoPeaks(s.buckets()), w);
            ours.add(r);
            theirs.add(t);
            out.printf(Locale.ROOT, "%-22s %7d | %-8s %-30s %6d | %-8s %-30s %6d%n", s.name(), w.size(),
                    r.detected() + "/" + w.size(), delays(r), r.falseAlarmEpisodes(),
                    t.detected() + "/" + w.size(), delays(t), t.falseAlarmEpisodes());
        }
        Result r = Result.sum(ours);
        Result t = Result.sum(theirs);
        out.printf(Locale.ROOT, "%-22s %7d | %-8s %-30s %6d | %-8s %-30s %6d%n", "total", r.windows(),
                r.detected() + "/" + r.windows(), "median " + hours(r.medianDelay().orElse(null)), r.falseAlarmEpisodes(),
                t.detected() + "/" + t.windows(), "median " + hours(t.medianDelay().orElse(null)), t.falseAlarmEpisodes());
        out.println("false = alert episodes outside every window (alerts within 60 min are one episode)");
        return 0;
    }

    private static String delays(Result r) {
        return r.delays().stream().map(EvalSurgeCommand::hours).collect(Collectors.joining(" "));
    }

    private static String hours(Duration d) {
        return d == null ? "-" : String.format(Locale.ROOT, "%.1f", d.toMinutes() / 60.0);
    }
}
