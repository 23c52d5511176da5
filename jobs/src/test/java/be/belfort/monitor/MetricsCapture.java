package be.belfort.monitor;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A metric reporter for MiniCluster tests: keeps every metric registered in this JVM by name, so a
 * test can read job metrics (restarts, dropped duplicates, late hits) without a REST round trip.
 * Register it with {@link #configure(Configuration)}.
 */
public final class MetricsCapture implements MetricReporter, MetricReporterFactory {
    private static final Map<String, List<Metric>> BY_NAME = new ConcurrentHashMap<>();

    /** Adds this reporter to a MiniCluster configuration. */
    public static Configuration configure(Configuration c) {
        c.setString("metrics.reporter.capture.factory.class", MetricsCapture.class.getName());
        return c;
    }

    /** Forgets every metric seen so far (call before starting the job under test). */
    public static void reset() {
        BY_NAME.clear();
    }

    /** Sum of all counters named {@code name} (one per subtask), 0 when none is registered. */
    public static long counter(String name) {
        return BY_NAME.getOrDefault(name, List.of()).stream()
                .filter(Counter.class::isInstance).mapToLong(m -> ((Counter) m).getCount()).sum();
    }

    /** Largest numeric value of the gauges named {@code name}, or -1 when none is registered. */
    public static long maxGauge(String name) {
        return BY_NAME.getOrDefault(name, List.of()).stream()
                .filter(Gauge.class::isInstance).map(m -> ((Gauge<?>) m).getValue())
                .filter(Number.class::isInstance).mapToLong(v -> ((Number) v).longValue()).max().orElse(-1);
    }

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        return this;
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        BY_NAME.computeIfAbsent(metricName, k -> new CopyOnWriteArrayList<>()).add(metric);
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        // Kept: a test reads the counts after the job, too.
    }
}
