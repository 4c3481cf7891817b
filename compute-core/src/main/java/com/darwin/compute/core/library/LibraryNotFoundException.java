package com.darwin.compute.core.library;

/** No such library on this cluster (404). */
public class LibraryNotFoundException extends RuntimeException {

  public LibraryNotFoundException(String clusterId, String libraryId) {
    super("Library " + libraryId + " not found on cluster " + clusterId);
  }
}
