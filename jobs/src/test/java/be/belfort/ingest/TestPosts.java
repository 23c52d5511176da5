package be.belfort.ingest;

import be.belfort.schema.GeoPoint;
import be.belfort.schema.Platform;
import be.belfort.schema.Post;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Shared fixtures: a fixed "now" and realistic posts around it. */
final class TestPosts {
    static final Instant NOW = Instant.parse("2026-07-20T22:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String HANDLE = "@secret_handle";

    private TestPosts() {}

    static Post post(String id) {
        return Post.newBuilder()
                .setId(id)
                .setPlatform(Platform.twitter)
                .setAuthor(HANDLE)
                .setText("Grote brand aan de Korenmarkt, veel rook #gent")
                .setCreatedAt(Instant.parse("2026-07-20T21:15:00Z"))
                .setLang("nl")
                .setGeo(new GeoPoint(51.0545, 3.7213))
                .setUrl("https://example.org/p/" + id)
                .setReplyTo(null)
                .build();
    }

    static PostValidator validator() {
        return new PostValidator(ValidationLimits.defaults(), CLOCK);
    }

    static PostDecoder decoder(WireFormat format) {
        return new PostDecoder(format, validator());
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] avro(Post post) {
        return AvroCodec.encode(post);
    }

    static byte[] json(Post post) {
        return utf8(JsonEdge.toJson(post));
    }
}
