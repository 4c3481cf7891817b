package com.darwin.compute.core.maven;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Maven search endpoint (Maven Central's Solr API, or anything answering like it), how long one
 * call may take, how long and how many answers are kept, and the largest page.
 */
@ConfigurationProperties("compute.maven")
public record MavenProperties(
    @DefaultValue("https://search.maven.org/solrsearch/select") String searchUrl,
    @DefaultValue("6s") Duration timeout,
    @DefaultValue("10m") Duration cacheTtl,
    @DefaultValue("10000") int cacheSize,
    @DefaultValue("200") int maxPageSize,
    @DefaultValue("5000") int maxVersions) {}
