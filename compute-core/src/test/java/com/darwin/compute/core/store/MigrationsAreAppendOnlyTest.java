package com.darwin.compute.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Flyway migrations as shipped ({@code db/migrations}, packed as {@code db/migration}) against
 * {@code migrations/committed.sha256}: a committed migration is never edited, renamed or removed
 * (every database that ran it checks its checksum at each start and refuses to start on a
 * difference; an edit that repairs the checksum by hand still leaves such a database without the
 * edit), and a new one comes above every committed version (Flyway refuses one below the applied
 * top, as it does not run out of order).
 */
class MigrationsAreAppendOnlyTest {

  private static final String COMMITTED = "/migrations/committed.sha256";

  @Test
  void noCommittedMigrationChangedOrWentAway() throws Exception {
    Map<String, String> committed = committed();
    Map<String, String> shipped = shipped();
    List<String> problems = new ArrayList<>();
    committed.forEach(
        (file, sum) -> {
          if (!shipped.containsKey(file)) {
            problems.add(file + " was committed and is gone (renamed or removed)");
          } else if (!shipped.get(file).equals(sum)) {
            problems.add(
                file + " changed after it was committed: ship the change as a new version");
          }
        });
    assertThat(problems).isEmpty();
  }

  @Test
  void aNewMigrationComesAboveEveryCommittedVersionAndIsListed() throws Exception {
    Map<String, String> committed = committed();
    BigInteger[] top =
        committed.keySet().stream()
            .map(MigrationsAreAppendOnlyTest::version)
            .max(MigrationsAreAppendOnlyTest::compare)
            .orElseThrow();
    List<String> problems = new ArrayList<>();
    shipped()
        .forEach(
            (file, sum) -> {
              if (committed.containsKey(file)) {
                return;
              }
              if (compare(version(file), top) <= 0) {
                problems.add(file + " is below the top committed version: Flyway would refuse it");
              }
              problems.add(
                  file
                      + " is not listed: add the line \""
                      + sum
                      + "  "
                      + file
                      + "\" to "
                      + COMMITTED);
            });
    assertThat(problems).isEmpty();
  }

  @Test
  void versionsCompareAsFlywayDoes() {
    assertThat(compare(version("V21_1__a.sql"), version("V20_1__b.sql"))).isPositive();
    assertThat(compare(version("V21_10__a.sql"), version("V21_2__b.sql"))).isPositive();
    assertThat(compare(version("V21__a.sql"), version("V21_1__b.sql"))).isNegative();
    assertThat(compare(version("V3__a.sql"), version("V35__b.sql"))).isNegative();
  }

  private static Map<String, String> committed() throws IOException {
    Map<String, String> sums = new LinkedHashMap<>();
    try (InputStream in =
        Objects.requireNonNull(
            MigrationsAreAppendOnlyTest.class.getResourceAsStream(COMMITTED), COMMITTED)) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.trim().split("\\s+");
        sums.put(parts[1], parts[0]);
      }
    }
    return sums;
  }

  private static Map<String, String> shipped() throws IOException, URISyntaxException {
    Path folder =
        Path.of(
            Objects.requireNonNull(
                    MigrationsAreAppendOnlyTest.class.getResource("/db/migration"), "db/migration")
                .toURI());
    Map<String, String> sums = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.sorted().toList()) {
        sums.put(file.getFileName().toString(), sha256(file));
      }
    }
    return sums;
  }

  /** Of the text with its line ends as LF: a checkout's CRLF is not an edit (Flyway agrees). */
  private static String sha256(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code V21_1__name.sql}: 21, 1. */
  private static BigInteger[] version(String file) {
    String version = file.substring(1, file.indexOf("__"));
    return Stream.of(version.split("[_.]")).map(BigInteger::new).toArray(BigInteger[]::new);
  }

  private static int compare(BigInteger[] a, BigInteger[] b) {
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      BigInteger x = i < a.length ? a[i] : BigInteger.ZERO;
      BigInteger y = i < b.length ? b[i] : BigInteger.ZERO;
      int c = x.compareTo(y);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
