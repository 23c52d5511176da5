package be.belfort.local;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a {@link Scenario} into a Kafka topic: the records of a {@link ScenarioGenerator}, keyed by
 * post id, paced by the wall clock so that simulated time runs {@link Scenario#timeScale()} times
 * faster than real time (unpaced when the scale is infinite).
 *
 * <p>Progress is in {@link #stats()}, safe to read from any thread while a run is going on. A record
 * is counted once the broker acknowledged it, so after a run that was not stopped, the counts are
 * what a consumer of the topic reads. {@link #stop()} (or {@link #close()}) ends a run early.
 * One simulator plays its scenario once.
 */
public final class FirehoseSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FirehoseSimulator.class);

    private final Scenario scenario;
    private final Stats stats = new Stats();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean played = new AtomicBoolean();
    private volatile Thread runner;

    public FirehoseSimulator(Scenario scenario) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
    }

    /**
     * Producer settings for {@link #start}: byte-array key and value, idempotent, all acks. The
     * oversized malformed record (1 MB of text) stays under the default 1 MiB request limit.
     */
    public static Map<String, Object> producerConfig(String bootstrapServers) {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "belfort-firehose",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    }

    public Scenario scenario() {
        return scenario;
    }

    /** Live counters of this simulator's run. */
    public Stats stats() {
        return stats;
    }

    /**
     * Sends the scenario to {@code topic} on the calling thread, paced, and flushes. Returns when
     * the scenario is over or {@link #stop()} was called. The producer stays open (it is the caller's).
     *
     * @return the final counts
     * @throws InterruptedException when the calling thread is interrupted while waiting for the next record
     * @throws IllegalStateException when this simulator already played its scenario
     */
    public Snapshot produce(Producer<byte[], byte[]> producer, String topic) throws InterruptedException {
        Objects.requireNonNull(producer, "producer");
        Objects.requireNonNull(topic, "topic");
        if (!played.compareAndSet(false, true)) {
            throw new IllegalStateException("firehose already played its scenario");
        }
        ScenarioGenerator generator = new ScenarioGenerator(scenario);
        long wallStart = System.nanoTime();
        boolean paced = !Double.isInfinite(scenario.timeScale());
        try {
            while (generator.hasNext() && stopped.getCount() > 0) {
                Emission e = generator.next();
                if (paced) {
                    long due = wallStart + (long) (e.offset().toNanos() / scenario.timeScale());
                    long wait = due - System.nanoTime();
                    if (wait > 0 && stopped.await(wait, TimeUnit.NANOSECONDS)) {
                        break;
                    }
                }
                send(producer, topic, e);
            }
        } finally {
            producer.flush();
            stats.finished = true;
        }
        return stats.snapshot();
    }

    private void send(Producer<byte[], byte[]> producer, String topic, Emission e) {
        byte[] key = e.key() == null ? null : e.key().getBytes(StandardCharsets.UTF_8);
        try {
            producer.send(new ProducerRecord<>(topic, key, e.payload()), (metadata, error) -> {
                if (error == null) {
                    stats.count(e);
                } else {
                    stats.failed(error);
                }
            });
        } catch (KafkaException | IllegalStateException error) {
            stats.failed(error);
        }
        stats.simulatedMs = e.offset().toMillis();
    }

    /**
     * Runs {@link #produce} on a daemon thread with its own producer ({@link #producerConfig}),
     * closed at the end. The future completes with the final counts, or exceptionally when the run
     * failed.
     *
     * @throws IllegalStateException when this simulator was started before
     */
    public synchronized CompletableFuture<Snapshot> start(String bootstrapServers, String topic) {
        if (runner != null) {
            throw new IllegalStateException("firehose already started");
        }
        CompletableFuture<Snapshot> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(bootstrapServers))) {
                result.complete(produce(producer, topic));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                result.completeExceptionally(e);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }, "belfort-firehose");
        thread.setDaemon(true);
        runner = thread;
        thread.start();
        return result;
    }

    /** Asks a running {@link #produce} to return after the record it is sending. */
    public void stop() {
        stopped.countDown();
    }

    /** Stops the run and waits for the thread started by {@link #start} to finish flushing. */
    @Override
    public void close() {
        stop();
        Thread thread = runner;
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Acknowledged records of a run, by type. Counters are updated from the producer's I/O thread
     * and read from any other; each value is exact, a {@link #snapshot()} is not atomic as a whole.
     */
    public final class Stats {
        private final AtomicLong valid = new AtomicLong();
        private final AtomicLong duplicates = new AtomicLong();
        private final Map<MalformedKind, AtomicLong> malformed = new EnumMap<>(MalformedKind.class);
        private final AtomicLong failed = new AtomicLong();
        private volatile long simulatedMs;
        private volatile boolean finished;
        private volatile String lastError;

        private Stats() {
            for (MalformedKind k : MalformedKind.values()) {
                malformed.put(k, new AtomicLong());
            }
        }

        private void count(Emission e) {
            switch (e.type()) {
                case POST -> valid.incrementAndGet();
                case DUPLICATE -> duplicates.incrementAndGet();
                case MALFORMED -> malformed.get(e.malformed()).incrementAndGet();
            }
        }

        private void failed(Exception error) {
            if (failed.getAndIncrement() == 0) {
                LOG.warn("firehose could not send a record; further failures are only counted", error);
            }
            lastError = error.toString();
        }

        /** The counts now. */
        public Snapshot snapshot() {
            Map<MalformedKind, Long> bad = new EnumMap<>(MalformedKind.class);
            malformed.forEach((k, v) -> bad.put(k, v.get()));
            Duration simulated = Duration.ofMillis(simulatedMs);
            return new Snapshot(valid.get(), duplicates.get(), Collections.unmodifiableMap(bad), failed.get(),
                    simulated, scenario.start().plus(simulated), finished, lastError);
        }
    }

    /**
     * Counts at one moment.
     *
     * @param valid acknowledged first sends of valid posts
     * @param duplicates acknowledged re-sends of a post already sent
     * @param malformed acknowledged malformed records, per kind (all kinds present)
     * @param failed records the producer could not send
     * @param simulated simulated offset of the last record handed to the producer
     * @param eventTime scenario start + {@code simulated}
     * @param finished true once the run ended (scenario over or stopped) and was flushed
     * @param lastError description of the latest send failure, or null
     */
    public record Snapshot(long valid, long duplicates, Map<MalformedKind, Long> malformed, long failed,
                           Duration simulated, Instant eventTime, boolean finished, String lastError) {

        public long malformedTotal() {
            return malformed.values().stream().mapToLong(Long::longValue).sum();
        }

        /** All acknowledged records. */
        public long sent() {
            return valid + duplicates + malformedTotal();
        }
    }
}
