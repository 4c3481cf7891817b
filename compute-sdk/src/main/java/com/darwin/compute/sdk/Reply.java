package com.darwin.compute.sdk;

/**
 * A successful answer to {@code call}.
 *
 * @param body the response text (empty when a retried delete found the cluster already gone)
 */
record Reply(Call call, int status, String body, int attempts) {}
