package com.darwin.compute.core.search;

/** This replica created the search index: it is empty, and every cluster must be indexed. */
public record SearchIndexCreated(String index) {}
