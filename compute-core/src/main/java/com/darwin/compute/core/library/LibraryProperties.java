package com.darwin.compute.core.library;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Library installation: how long one install may run on a pod, the largest batch, where files are
 * put in the pods ({@code python/}, {@code jars/}, {@code archives/} under it), and the Maven
 * repositories the {@code repository} names {@code maven} and {@code spark} stand for.
 */
@ConfigurationProperties("compute.libraries")
public record LibraryProperties(
    @DefaultValue("15m") Duration installTimeout,
    @DefaultValue("50") int maxBatch,
    @DefaultValue("/home/ray/darwin_pkgs") String packageDir,
    @DefaultValue("https://repo1.maven.org/maven2") String mavenRepository,
    @DefaultValue("https://repos.spark-packages.org") String sparkRepository) {}
