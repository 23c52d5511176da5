package be.belfort.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.ArrayResultIterator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * {@link BulkFormat} for {@code FileSource}: one JSON post per line (see {@link JsonEdge}),
 * decoded strictly by a {@link PostDecoder} in JSON mode. Each line becomes one {@link Ingested} with
 * source {@code "<path>:<line>"}; blank lines are skipped; bad lines (invalid UTF-8, bad JSON,
 * lines over {@link PostDecoder#MAX_PAYLOAD_BYTES}) become rejects, never failures.
 *
 * <p>Files are not split, so line numbers are exact. Checkpointed positions are
 * {@code (NO_OFFSET, records emitted)}: a restore re-reads the file from the start and skips
 * that many records without decoding them, which keeps line numbers right after recovery.
 */
public class JsonLinesPostFormat implements BulkFormat<Ingested, FileSourceSplit> {
    private static final long serialVersionUID = 1L;

    /** A batch ends at this many records or this many line bytes, whichever comes first. */
    private static final int BATCH_RECORDS = 256;
    private static final int BATCH_BYTES = 1 << 20;

    private final PostDecoder decoder;

    /** Uses {@code decoder}'s validation; the format is always JSON, whatever it was set to. */
    public JsonLinesPostFormat(PostDecoder decoder) {
        this.decoder = decoder.withFormat(WireFormat.JSON);
    }

    @Override
    public BulkFormat.Reader<Ingested> createReader(Configuration config, FileSourceSplit split)
            throws IOException {
        return new LineReader(split, 0);
    }

    @Override
    public BulkFormat.Reader<Ingested> restoreReader(Configuration config, FileSourceSplit split)
            throws IOException {
        long skip = split.getReaderPosition()
                .map(CheckpointedPosition::getRecordsAfterOffset).orElse(0L);
        return new LineReader(split, skip);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<Ingested> getProducedType() {
        return Ingested.TYPE;
    }

    /** Reads one split line by line, holding at most one line of {@code MAX_PAYLOAD_BYTES}. */
    private final class LineReader implements BulkFormat.Reader<Ingested> {
        private final FSDataInputStream stream;
        private final String path;
        private final byte[] buffer = new byte[64 * 1024];
        private int bufferPos;
        private int bufferEnd;
        /** Split bytes not yet pulled into the buffer. */
        private long unread;
        /** The current line: its first bytes (up to the payload cap) and its full length. */
        private byte[] line = new byte[1024];
        private int lineKept;
        private long lineLength;
        private long lineNumber;
        /** Records produced so far, skipped ones included: the checkpoint position. */
        private long emitted;
        private long toSkip;

        LineReader(FileSourceSplit split, long toSkip) throws IOException {
            this.stream = split.path().getFileSystem().open(split.path());
            if (split.offset() > 0) {
                stream.seek(split.offset());
            }
            // A plain local path reads better in a report than a file: URI.
            this.path = "file".equals(split.path().toUri().getScheme()) ? split.path().toUri().getPath() : split.path().toString();
            this.unread = split.length();
            this.toSkip = toSkip;
        }

        @Override
        public BulkFormat.RecordIterator<Ingested> readBatch() throws IOException {
            long positionBefore = emitted;
            List<Ingested> batch = new ArrayList<>();
            long batchBytes = 0;
            while (batch.size() < BATCH_RECORDS && batchBytes < BATCH_BYTES && nextLine()) {
                if (isBlank()) {
                    continue;
                }
                if (toSkip > 0) {
                    toSkip--;
                    emitted++;
                    positionBefore = emitted;
                    continue;
                }
                batch.add(decodeLine());
                batchBytes += lineKept;
                emitted++;
            }
            if (batch.isEmpty()) {
                return null;
            }
            ArrayResultIterator<Ingested> records = new ArrayResultIterator<>();
            records.set(batch.toArray(new Ingested[0]), batch.size(),
                    CheckpointedPosition.NO_OFFSET, positionBefore);
            return records;
        }

        private Ingested decodeLine() {
            long at = lineNumber;
            byte[] bytes = Arrays.copyOf(line, lineKept);
            return lineLength > PostDecoder.MAX_PAYLOAD_BYTES
                    ? decoder.reject(bytes, path + ":" + at, PostDecoder.tooLarge(lineLength))
                    : decoder.decode(bytes, () -> path + ":" + at);
        }

        /** Loads the next line without its terminator; false at the end of the split. */
        private boolean nextLine() throws IOException {
            lineKept = 0;
            lineLength = 0;
            boolean any = false;
            while (true) {
                if (bufferPos == bufferEnd && !fill()) {
                    if (!any) {
                        return false;
                    }
                    break;
                }
                any = true;
                int start = bufferPos;
                int end = start;
                while (end < bufferEnd && buffer[end] != '\n') {
                    end++;
                }
                keep(start, end - start);
                bufferPos = end;
                if (end < bufferEnd) {
                    bufferPos++;
                    break;
                }
            }
            lineNumber++;
            if (lineKept > 0 && lineKept == lineLength && line[lineKept - 1] == '\r') {
                lineKept--;
                lineLength--;
            }
            return true;
        }

        /**
         * Appends to the current line. Bytes beyond the payload cap are only counted: such a
         * line is rejected anyway, and a file without newlines must not exhaust memory.
         */
        private void keep(int from, int count) {
            lineLength += count;
            int room = PostDecoder.MAX_PAYLOAD_BYTES - lineKept;
            int n = Math.min(count, room);
            if (n <= 0) {
                return;
            }
            if (lineKept + n > line.length) {
                line = Arrays.copyOf(line, Math.max(lineKept + n, line.length * 2));
            }
            System.arraycopy(buffer, from, line, lineKept, n);
            lineKept += n;
        }

        private boolean fill() throws IOException {
            if (unread <= 0) {
                return false;
            }
            int n = stream.read(buffer, 0, (int) Math.min(buffer.length, unread));
            if (n <= 0) {
                unread = 0;
                return false;
            }
            unread -= n;
            bufferPos = 0;
            bufferEnd = n;
            return true;
        }

        private boolean isBlank() {
            if (lineLength > lineKept) {
                return false;
            }
            for (int i = 0; i < lineKept; i++) {
                byte b = line[i];
                if (b != ' ' && b != '\t' && b != '\r') {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }
}
