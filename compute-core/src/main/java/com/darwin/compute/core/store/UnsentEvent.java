package com.darwin.compute.core.store;

/** An event not forwarded yet, by id and stored type: what giving it up needs to know. */
public record UnsentEvent(long id, String eventType) {}
