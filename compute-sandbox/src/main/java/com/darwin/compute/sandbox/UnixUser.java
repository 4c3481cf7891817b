package com.darwin.compute.sandbox;

/** Who this JVM runs as, as far as the launched servers care. */
final class UnixUser {

  /** uid/gid of {@code nobody}/{@code nogroup} on Debian-like systems; needs no useradd. */
  static final int NOBODY = 65534;

  private UnixUser() {}

  /**
   * True when the JVM runs with uid 0. Checked by uid rather than {@code user.name}, because
   * containers often run as uid 0 under another name (or with no passwd entry at all).
   */
  static boolean isRoot() {
    try {
      return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    } catch (Throwable notUnix) {
      // Windows or a JRE without jdk.security.auth: neither mariadbd nor Elasticsearch cares then.
      return false;
    }
  }
}
