package com.darwin.compute.model.common;

/** One rejected field of a request: a JSON path such as {@code worker_node_configs[0].min_pods}. */
public record FieldError(String field, String message) {}
