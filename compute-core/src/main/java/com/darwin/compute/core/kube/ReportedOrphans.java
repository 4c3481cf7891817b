package com.darwin.compute.core.kube;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Objects labelled as this control plane's that its database does not know (another installation
 * sharing the namespace, a restored database): each reported once while it is there, and forgotten
 * once a scan of its target no longer finds it (kept, the set grew with every such object ever
 * seen, and one made again was not reported).
 */
public final class ReportedOrphans {

  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  /** {@code target/name}, as they are listed. */
  private static String key(String target, String name) {
    return target + "/" + name;
  }

  /** Those reported and not yet forgotten, as {@code target/name}. */
  public Set<String> all() {
    return Set.copyOf(reported);
  }

  /** One pass over the targets' objects; {@link Scan#end} forgets what it did not find. */
  public Scan scan() {
    return new Scan();
  }

  /** What one scan found. Not shared between threads. */
  public final class Scan {
    private final Set<String> scanned = new HashSet<>();
    private final Set<String> stillThere = new HashSet<>();

    private Scan() {}

    /** The target's objects are all looked at in this scan. */
    public void scanning(String target) {
      scanned.add(target);
    }

    /** Whether the object was reported already (then it is still there). */
    public boolean known(String target, String name) {
      String key = key(target, name);
      if (reported.contains(key)) {
        stillThere.add(key);
        return true;
      }
      return false;
    }

    /** Marks the object an orphan; true when that is new (the caller reports it). */
    public boolean report(String target, String name) {
      String key = key(target, name);
      stillThere.add(key);
      return reported.add(key);
    }

    /** Forgets the reported objects of the scanned targets that this scan did not find. */
    public void end() {
      reported.removeIf(
          key ->
              scanned.contains(key.substring(0, key.lastIndexOf('/')))
                  && !stillThere.contains(key));
    }
  }
}
