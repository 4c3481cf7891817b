package com.darwin.compute.sdk;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A local working directory packed as Ray packs one for {@code runtime_env.working_dir}: a zip of
 * its files (paths relative to it; {@code .git} left out), named {@code _ray_pkg_<hash>.zip} after
 * a hash of the paths and contents, so the same directory is the same package and is uploaded once.
 * Entries carry a fixed timestamp, so the bytes depend on the contents only.
 *
 * @param name the package name, {@code _ray_pkg_<hex>.zip}
 * @param zip the archive
 */
public record WorkingDirPackage(String name, byte[] zip) {

  private static final FileTime EPOCH = FileTime.fromMillis(0);

  /** The {@code gcs://} URI Ray resolves once the package is uploaded to the cluster. */
  public String uri() {
    return "gcs://" + name;
  }

  public static WorkingDirPackage of(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException("not a directory: " + directory);
    }
    Path root = directory.toAbsolutePath().normalize();
    try (Stream<Path> walk = Files.walk(root)) {
      List<Path> files =
          walk.filter(Files::isRegularFile)
              .filter(
                  p ->
                      !root.relativize(p)
                          .toString()
                          .replace('\\', '/')
                          .matches("(^|.*/)\\.git(/.*)?$"))
              .sorted()
              .toList();
      MessageDigest digest = MessageDigest.getInstance("SHA-1");
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
        for (Path file : files) {
          String entryName = root.relativize(file).toString().replace('\\', '/');
          byte[] content = Files.readAllBytes(file);
          digest.update(entryName.getBytes(StandardCharsets.UTF_8));
          digest.update((byte) 0);
          digest.update(content);
          ZipEntry entry = new ZipEntry(entryName);
          entry.setLastModifiedTime(EPOCH);
          zip.putNextEntry(entry);
          zip.write(content);
          zip.closeEntry();
        }
      }
      String hash = HexFormat.of().formatHex(digest.digest()).substring(0, 16);
      return new WorkingDirPackage("_ray_pkg_" + hash + ".zip", bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot pack " + directory + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
