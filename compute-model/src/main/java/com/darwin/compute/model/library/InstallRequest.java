package com.darwin.compute.model.library;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One library to install: the Python service's {@code {source, body}}. */
public record InstallRequest(
    @JsonProperty("source") LibrarySource source, @JsonProperty("body") LibraryBody body) {

  public static InstallRequest pypi(String name, String version) {
    return new InstallRequest(LibrarySource.PYPI, new LibraryBody(name, null, version, null));
  }

  public static InstallRequest maven(String coordinates, String version, MavenMetadata metadata) {
    return new InstallRequest(
        LibrarySource.MAVEN, new LibraryBody(coordinates, null, version, metadata));
  }

  public static InstallRequest s3(String uri) {
    return new InstallRequest(LibrarySource.S3, new LibraryBody(null, uri, null, null));
  }

  public static InstallRequest workspace(String path) {
    return new InstallRequest(LibrarySource.WORKSPACE, new LibraryBody(null, path, null, null));
  }
}
