package com.darwin.compute.api.sdk;

import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.HeadNodeConfig;
import com.darwin.compute.model.cluster.WorkerNodeConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Cluster files and requests for the SDK and CLI tests. */
final class SdkTestSupport {

  static final String USER = "sdk-user@example.com";

  private SdkTestSupport() {}

  /** The adapted Python SDK example, as text. */
  static String pythonSdkExample() {
    try (InputStream in =
        SdkTestSupport.class.getResourceAsStream("/sdk/python-sdk-example.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The example under a fresh name (names are unique), written to a temporary file. */
  static Path exampleFile(String name) {
    return write(pythonSdkExample().replace("name: 'sdk-demo'", "name: '" + name + "'"));
  }

  static Path write(String yaml) {
    try {
      Path file = Files.createTempFile("cluster-", ".yaml");
      Files.writeString(file, yaml);
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A small cluster built in Java: a 2-core head and one 1-core worker. */
  static ClusterRequest typed(String name) {
    return new ClusterRequest(
        name,
        List.of("typed"),
        null,
        "0.0",
        30,
        null,
        new HeadNodeConfig(2, 4, null, null, null, null),
        List.of(new WorkerNodeConfig(1, 2, 1, 2, null, null, null, null)),
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }
}
