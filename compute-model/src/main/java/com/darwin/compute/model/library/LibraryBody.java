package com.darwin.compute.model.library;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What to install. PyPI: {@code name} (a PEP 508 name, optionally with extras and a version
 * specifier), {@code version} (a version or a specifier) and {@code path} (an index URL). Maven:
 * {@code name} ({@code group:artifact} or {@code group:artifact:version}), {@code version}, {@code
 * metadata}. S3: {@code path} ({@code s3://bucket/key.whl|.txt|.jar|.zip|.tar|.tar.gz}). Workspace:
 * {@code path} (a file of the workspace volume, relative to it).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LibraryBody(
    @JsonProperty("name") String name,
    @JsonProperty("path") String path,
    @JsonProperty("version") String version,
    @JsonProperty("metadata") MavenMetadata metadata) {}
