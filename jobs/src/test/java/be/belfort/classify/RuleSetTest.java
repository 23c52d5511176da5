package be.belfort.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.schema.Severity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleSetTest {

  static SavedSearch search(String id, String query, Set<String> languages) {
    return new SavedSearch(
        id, "Label " + id, query, languages, Set.of(), Severity.high, "purpose", 30, id + ".yaml", 1);
  }

  @Test
  void versionIsDeterministicAndIndependentOfOrderAndSource() {
    SavedSearch a = search("a", "brand", Set.of("nld", "eng"));
    SavedSearch b = search("b", "lawaai", Set.of());
    SavedSearch aElsewhere =
        new SavedSearch(
            "a", "Label a", "brand", Set.of("eng", "nld"), Set.of(), Severity.high, "purpose", 30,
            "other/place.yaml", 42);

    String version = new RuleSet(List.of(a, b)).version();

    assertTrue(version.matches("[0-9a-f]{12}"), version);
    assertEquals(version, new RuleSet(List.of(b, a)).version());
    assertEquals(version, new RuleSet(List.of(b, aElsewhere)).version());
  }

  @Test
  void versionChangesWhenAnyMeaningfulPartChanges() {
    SavedSearch b = search("b", "lawaai", Set.of());
    String base = new RuleSet(List.of(search("a", "brand", Set.of("nld")), b)).version();

    assertNotEquals(base, new RuleSet(List.of(search("a", "brand*", Set.of("nld")), b)).version());
    assertNotEquals(base, new RuleSet(List.of(search("a", "brand", Set.of("fra")), b)).version());
    assertNotEquals(base, new RuleSet(List.of(search("a", "brand", Set.of("nld")))).version());
    SavedSearch lowered =
        new SavedSearch(
            "a", "Label a", "brand", Set.of("nld"), Set.of(), Severity.low, "purpose", 30, "a", 1);
    assertNotEquals(base, new RuleSet(List.of(lowered, b)).version());
  }

  @Test
  void fieldBoundariesCannotCollide() {
    assertNotEquals(
        new RuleSet(List.of(search("a", "b c", Set.of()))).version(),
        new RuleSet(
                List.of(
                    new SavedSearch(
                        "a", "Label a b", "c", Set.of(), Set.of(), Severity.high, "purpose", 30,
                        "a", 1)))
            .version());
  }

  @Test
  void loadedVersionIgnoresCommentsAndFormatting(@TempDir Path rules) throws IOException {
    Path file = Files.createDirectories(rules.resolve("phenomena")).resolve("a.yaml");
    Files.writeString(file, RuleLoaderTest.rule("a", "brand"));
    String version = RuleLoader.load(rules).version();

    Files.writeString(file, "# a comment\n" + RuleLoaderTest.rule("a", "'brand'"));
    assertEquals(version, RuleLoader.load(rules).version());

    Files.writeString(file, RuleLoaderTest.rule("a", "brand OR rook"));
    assertNotEquals(version, RuleLoader.load(rules).version());
  }

  @Test
  void shippedRulesHaveAStableVersion() {
    assertEquals(
        RuleLoader.load(RuleLoaderTest.SHIPPED_RULES).version(),
        RuleLoader.load(RuleLoaderTest.SHIPPED_RULES).version());
  }

  @Test
  void duplicateIdsAreRejected() {
    SavedSearch a = search("a", "brand", Set.of());
    assertThrows(IllegalArgumentException.class, () -> new RuleSet(List.of(a, a)));
  }

  @Test
  void survivesJavaSerialization() throws IOException, ClassNotFoundException {
    RuleSet original = RuleLoader.load(RuleLoaderTest.SHIPPED_RULES);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(original);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      RuleSet copy = (RuleSet) in.readObject();
      assertEquals(original.version(), copy.version());
      assertEquals(original.searches(), copy.searches());
    }
  }
}
