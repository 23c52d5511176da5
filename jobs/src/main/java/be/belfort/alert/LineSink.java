package be.belfort.alert;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Writes one formatted line per record to a local file or to standard error, for the command line's
 * bounded runs (replay, surge series) where the output must land on the user's disk, in order.
 * Run it with parallelism 1: the file is appended to by a single writer.
 *
 * <pre>{@code
 * alerts.sinkTo(LineSink.toFile(Path.of("alerts.jsonl"), JsonEdge::toJson)).setParallelism(1);
 * }</pre>
 */
public final class LineSink<T> implements Sink<T> {
    private final String file; // null means standard error
    private final SerializableFunction<T, String> format;

    private LineSink(String file, SerializableFunction<T, String> format) {
        this.file = file;
        this.format = format;
    }

    public static <T> LineSink<T> toFile(Path file, SerializableFunction<T, String> format) {
        return new LineSink<>(file.toAbsolutePath().toString(), format);
    }

    public static <T> LineSink<T> toStderr(SerializableFunction<T, String> format) {
        return new LineSink<>(null, format);
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        Writer out = file == null
                ? new OutputStreamWriter(new NonClosing(System.err), StandardCharsets.UTF_8)
                : Files.newBufferedWriter(Path.of(file), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        BufferedWriter w = new BufferedWriter(out);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context ctx) throws IOException {
                w.write(format.apply(element));
                w.newLine();
            }

            @Override
            public void flush(boolean endOfInput) throws IOException {
                w.flush();
            }

            @Override
            public void close() throws IOException {
                w.close();
            }
        };
    }

    /** Closing the writer must not close the JVM's standard error. */
    private static final class NonClosing extends PrintStream {
        NonClosing(PrintStream target) {
            super(target, true, StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            flush();
        }
    }
}
