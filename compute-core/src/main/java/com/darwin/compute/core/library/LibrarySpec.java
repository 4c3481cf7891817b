package com.darwin.compute.core.library;

import com.darwin.compute.model.library.LibrarySource;
import com.darwin.compute.model.library.LibraryType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A library request that passed {@link LibraryGrammar}: every value is known to match its grammar,
 * so it can be handed to an installer as an argument.
 *
 * @param name PyPI: the requirement's name with its extras; Maven: {@code group:artifact}; files:
 *     the file name
 * @param version PyPI: the specifier ({@code ==1.2}, {@code >=1,<2}); Maven: the version
 * @param path PyPI: the index URL; S3: the URI; workspace: the path relative to the volume
 * @param repository Maven: the repository URL; else null
 * @param exclusions Maven: {@code group:artifact} pairs; else empty
 * @param repositoryName Maven: the repository as requested ({@code maven}, {@code spark}, a URL)
 */
public record LibrarySpec(
    LibrarySource source,
    LibraryType type,
    String name,
    String version,
    String path,
    String repository,
    String repositoryName,
    List<String> exclusions) {

  public LibrarySpec {
    exclusions = exclusions == null ? List.of() : List.copyOf(exclusions);
  }

  /**
   * Whether its index or repository URL carries credentials: never shown, and copied to another
   * cluster only by those who may manage this one's libraries.
   */
  public boolean carriesCredentials() {
    return UrlCredentials.present(path) || UrlCredentials.present(repository);
  }

  /** The same library asked twice has the same key (PyPI names compare normalised, PEP 503). */
  public String key() {
    String canonicalName =
        source == LibrarySource.PYPI ? name.toLowerCase().replaceAll("[-_.]+", "-") : name;
    String canonical =
        String.join(
            "\u0000",
            source.name(),
            canonicalName,
            String.valueOf(version),
            String.valueOf(path),
            String.valueOf(repository),
            String.join(",", exclusions.stream().sorted().toList()));
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
