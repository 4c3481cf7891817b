package com.darwin.compute.model.maven;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code GET /maven/package}: how many artifacts match in all, and this page of them. */
public record MavenLibrary(
    @JsonProperty("result_size") long resultSize,
    @JsonProperty("packages") List<MavenPackage> packages) {}
