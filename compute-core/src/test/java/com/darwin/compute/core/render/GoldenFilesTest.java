package com.darwin.compute.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.darwin.compute.core.manifest.ClusterManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders the {@link GoldenCases} matrix and compares every object, as YAML, with the checked-in
 * file {@code src/test/resources/golden/<case>.yaml}. A missing or stale file fails the test. After
 * an intended change of rendering, regenerate the files and review the diff:
 *
 * <pre>./mvnw -o -pl compute-core -am test -Dtest=GoldenFilesTest -Dgolden.update=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
class GoldenFilesTest {

  static final Path DIR = Path.of("src", "test", "resources", "golden");
  static final boolean UPDATE = Boolean.getBoolean("golden.update");

  static Stream<GoldenCases.Case> cases() {
    return GoldenCases.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void renderingMatchesTheGoldenFile(GoldenCases.Case c) throws IOException {
    String rendered = new ClusterManifest(null, c.render().objects()).yaml();
    Path file = DIR.resolve(c.name() + ".yaml");
    if (UPDATE) {
      Files.createDirectories(DIR);
      Files.writeString(file, rendered);
      return;
    }
    if (!Files.isRegularFile(file)) {
      fail(
          "Golden file "
              + file.toAbsolutePath()
              + " is missing; generate it with -Dgolden.update=true and review it");
    }
    assertThat(rendered)
        .as(
            "rendering of '%s' differs from %s (regenerate with -Dgolden.update=true if intended)",
            c.name(), file)
        .isEqualTo(Files.readString(file));
  }

  @Test
  void everyGoldenFileBelongsToACase() throws IOException {
    Set<String> expected =
        GoldenCases.all().stream().map(c -> c.name() + ".yaml").collect(Collectors.toSet());
    if (UPDATE) {
      Files.createDirectories(DIR);
    }
    List<String> present;
    try (Stream<Path> files = Files.list(DIR)) {
      present = files.map(p -> p.getFileName().toString()).sorted().toList();
    }
    if (UPDATE) {
      for (String name : present) {
        if (!expected.contains(name)) {
          Files.delete(DIR.resolve(name));
        }
      }
      return;
    }
    assertThat(present)
        .as("golden files without a case are stale")
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void renderingIsDeterministic() {
    for (GoldenCases.Case c : GoldenCases.all()) {
      assertThat(new ClusterManifest(null, c.render().objects()).yaml())
          .isEqualTo(new ClusterManifest(null, c.render().objects()).yaml());
    }
  }
}
