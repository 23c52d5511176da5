package be.belfort.ingest;

import static be.belfort.ingest.TestPosts.post;
import static be.belfort.ingest.TestPosts.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesPostFormatTest {
    private final JsonLinesPostFormat format = new JsonLinesPostFormat(TestPosts.decoder(WireFormat.AVRO));

    @TempDir
    Path dir;

    /** A record with the position a checkpoint taken right after it would store. */
    private record Read(Ingested record, long recordsAfterOffset) {}

    private FileSourceSplit split(Path file) throws IOException {
        long size = Files.size(file);
        return new FileSourceSplit("0", new org.apache.flink.core.fs.Path(file.toUri()), 0, size,
                Files.getLastModifiedTime(file).toMillis(), size);
    }

    private static List<Read> readAll(BulkFormat.Reader<Ingested> reader) throws IOException {
        List<Read> out = new ArrayList<>();
        try (reader) {
            BulkFormat.RecordIterator<Ingested> batch;
            while ((batch = reader.readBatch()) != null) {
                RecordAndPosition<Ingested> next;
                while ((next = batch.next()) != null) {
                    assertEquals(CheckpointedPosition.NO_OFFSET, next.getOffset());
                    out.add(new Read(next.getRecord(), next.getRecordSkipCount()));
                }
                batch.releaseBatch();
            }
        }
        return out;
    }

    private Path write(byte[]... lines) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] line : lines) {
            out.write(line);
        }
        Path file = dir.resolve("posts.jsonl");
        Files.write(file, out.toByteArray());
        return file;
    }

    private static byte[] line(String text) {
        return utf8(text + "\n");
    }

    @Test
    void readsLinesWithSourcesRejectsAndPositions() throws IOException {
        byte[] badUtf8 = utf8(JsonEdge.toJson(post("bad")) + "\n");
        badUtf8[20] = (byte) 0xFF;
        Path file = write(
                line(JsonEdge.toJson(post("1"))),
                line(""),
                line("   "),
                line("{\"id\": oops"),
                badUtf8,
                utf8(JsonEdge.toJson(post("2")) + "\r\n"),
                utf8(JsonEdge.toJson(post("3"))));
        String path = file.toAbsolutePath().toString(); // local files are reported by plain path

        List<Read> read = readAll(format.createReader(new Configuration(), split(file)));

        assertEquals(5, read.size());
        assertEquals(path + ":4", read.get(1).record().rejected.getSource());
        assertEquals(path + ":5", read.get(2).record().rejected.getSource());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L),
                read.stream().map(Read::recordsAfterOffset).toList());
        assertEquals(post("1"), read.get(0).record().post);
        assertTrue(read.get(1).record().rejected.getReason().startsWith("malformed JSON: "));
        assertEquals("not valid UTF-8 at byte 20", read.get(2).record().rejected.getReason());
        assertEquals(post("2"), read.get(3).record().post);
        assertEquals(post("3"), read.get(4).record().post);
    }

    @Test
    void restoreSkipsRecordsAlreadyEmittedAndKeepsLineNumbers() throws IOException {
        Path file = write(line(JsonEdge.toJson(post("1"))), line(""), line("not json"),
                line(JsonEdge.toJson(post("2"))), line("still not json"));
        List<Read> all = readAll(format.createReader(new Configuration(), split(file)));
        Read checkpointed = all.get(1);

        FileSourceSplit restored = split(file).updateWithCheckpointedPosition(
                new CheckpointedPosition(CheckpointedPosition.NO_OFFSET,
                        checkpointed.recordsAfterOffset()));
        List<Read> rest = readAll(format.restoreReader(new Configuration(), restored));

        assertEquals(all.subList(2, all.size()), rest);
        assertEquals(post("2"), rest.get(0).record().post);
        assertTrue(rest.get(1).record().rejected.getSource().endsWith(":5"));
    }

    @Test
    void splitsLongFilesIntoBatchesWithContinuousPositions() throws IOException {
        List<byte[]> lines = new ArrayList<>();
        for (int i = 1; i <= 700; i++) {
            lines.add(line(JsonEdge.toJson(post(Integer.toString(i)))));
        }
        Path file = write(lines.toArray(new byte[0][]));
        BulkFormat.Reader<Ingested> reader = format.createReader(new Configuration(), split(file));
        int batches = 0;
        long expected = 0;
        BulkFormat.RecordIterator<Ingested> batch;
        while ((batch = reader.readBatch()) != null) {
            batches++;
            RecordAndPosition<Ingested> next;
            while ((next = batch.next()) != null) {
                expected++;
                assertEquals(expected, next.getRecordSkipCount());
                assertEquals(Long.toString(expected), next.getRecord().post.getId());
            }
        }
        reader.close();
        assertEquals(700, expected);
        assertTrue(batches > 1, "expected several batches, got " + batches);
    }

    @Test
    void rejectsOverlongLinesWithoutLosingTheNextOne() throws IOException {
        byte[] huge = new byte[PostDecoder.MAX_PAYLOAD_BYTES + 10];
        java.util.Arrays.fill(huge, (byte) 'x');
        huge[0] = '{';
        Path file = write(huge, utf8("\n\n"), line(JsonEdge.toJson(post("after"))));

        List<Read> read = readAll(format.createReader(new Configuration(), split(file)));

        assertEquals(2, read.size());
        Ingested reject = read.get(0).record();
        assertEquals("payload of 2097162 bytes exceeds 2097152", reject.rejected.getReason());
        assertEquals(PostDecoder.MAX_KEPT_PAYLOAD_BYTES, reject.rejected.getPayload().remaining());
        assertTrue(reject.rejected.getSource().endsWith(":1"));
        assertEquals(post("after"), read.get(1).record().post);
    }

    @Test
    void emptyFileYieldsNothing() throws IOException {
        assertTrue(readAll(format.createReader(new Configuration(), split(write()))).isEmpty());
    }

    @Test
    void describesItself() {
        assertFalse(format.isSplittable());
        assertEquals(Ingested.TYPE, format.getProducedType());
    }
}
