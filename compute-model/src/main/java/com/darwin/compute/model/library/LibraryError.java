package com.darwin.compute.model.library;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Why a library failed: the failing pod's log. */
public record LibraryError(
    @JsonProperty("error_code") String errorCode,
    @JsonProperty("error_message") String errorMessage) {}
