package com.darwin.compute.core.cluster;

import com.darwin.compute.core.store.ClusterEntity;

/**
 * What a start or a stop came to: the cluster as it now is, and whether this request changed it. A
 * start of a cluster already wanted running, or a stop of one already stopped, changes nothing and
 * is answered as accepted, as the Python service answered it: Darwin Workflow stops its job cluster
 * in a {@code finally} (after a timeout's own stop, an idle sweep's, a sibling task's) and starts a
 * shared cluster its sibling may have started first, and fails its task on any answer but a 2xx.
 */
public record StateChange(ClusterEntity cluster, boolean changed) {}
