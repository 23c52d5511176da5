package be.belfort.local;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.runtime.metrics.scope.ScopeFormat;

/**
 * A metric reporter for jobs on a MiniCluster in this JVM (demo, benchmark, tests): it holds on to the
 * jobs' counters and gauges, so that the code that started a job reads them directly, at any moment, instead of
 * polling the REST API (whose metrics lag by the fetcher's interval) or counting an output topic.
 *
 * <pre>{@code
 * Configuration flink = new Configuration();
 * InProcessMetrics.enable(flink);
 * StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
 * MonitorJob.define(env, cfg, spec);
 * env.executeAsync("belfort-demo");
 * long analysed = InProcessMetrics.sum("belfort-demo", MonitorTopology.ANALYSED_METRIC);
 * }</pre>
 *
 * <p>A metric is forgotten when its task (or job) ends: read a job's figures before cancelling it.
 */
public final class InProcessMetrics implements MetricReporter {
    private static final String REPORTER = "belfort-in-process";
    private static final Map<Metric, Source> METRICS = new ConcurrentHashMap<>();

    private record Source(String job, String name) {}

    /** Adds this reporter to a MiniCluster's configuration. */
    public static void enable(Configuration flink) {
        flink.setString("metrics.reporter." + REPORTER + ".factory.class", Factory.class.getName());
    }

    /** The sum over every running subtask of {@code job}'s counters called {@code name}, 0 when there is none. */
    public static long sum(String job, String name) {
        Source wanted = new Source(job, name);
        long sum = 0;
        for (Map.Entry<Metric, Source> e : METRICS.entrySet()) {
            if (e.getValue().equals(wanted) && e.getKey() instanceof Counter c) sum += c.getCount();
        }
        return sum;
    }

    /** The largest value of {@code job}'s numeric gauges called {@code name} (e.g. {@code numRestarts}), -1 when there is none. */
    public static long maxGauge(String job, String name) {
        Source wanted = new Source(job, name);
        long max = -1;
        for (Map.Entry<Metric, Source> e : METRICS.entrySet()) {
            if (e.getValue().equals(wanted) && e.getKey() instanceof Gauge<?> g && g.getValue() instanceof Number n) {
                max = Math.max(max, n.longValue());
            }
        }
        return max;
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        String job = group.getAllVariables().get(ScopeFormat.SCOPE_JOB_NAME);
        if (job != null) METRICS.put(metric, new Source(job, name));
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        METRICS.remove(metric);
    }

    /** Found through {@code META-INF/services}, as Flink finds every reporter factory. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new InProcessMetrics();
        }
    }
}
