package com.darwin.compute.cli;

/** {@code -o}: text for people, JSON (the API's field names) for scripts. */
enum OutputFormat {
  text,
  json
}
