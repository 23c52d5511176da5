package be.belfort.alert;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/** Collects what a MiniCluster job writes into a list the test can read, by name (the sink itself is serialized). */
final class CollectingSink<T> implements Sink<T> {
    private static final Map<String, List<Object>> COLLECTED = new ConcurrentHashMap<>();
    private final String name;

    CollectingSink(String name) {
        this.name = name;
        COLLECTED.put(name, new CopyOnWriteArrayList<>());
    }

    @SuppressWarnings("unchecked")
    List<T> collected() {
        return (List<T>) (List<?>) COLLECTED.get(name);
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        List<Object> into = COLLECTED.get(name);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context ctx) {
                into.add(element);
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
