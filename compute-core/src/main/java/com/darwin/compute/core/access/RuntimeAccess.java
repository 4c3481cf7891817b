package com.darwin.compute.core.access;

import com.darwin.compute.core.cluster.RetriedOnConcurrentChange;
import com.darwin.compute.core.cluster.RetriedOnConcurrentInsert;
import com.darwin.compute.core.render.EnvironmentVariables;
import com.darwin.compute.core.runtime.RuntimeRegistry;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.store.RuntimeEntity;
import com.darwin.compute.core.store.RuntimeRepository;
import com.darwin.compute.model.runtime.CustomRuntimeRequest;
import com.darwin.compute.model.runtime.RuntimeClass;
import com.darwin.compute.model.runtime.RuntimeV2Details;
import com.darwin.compute.model.runtime.RuntimeV2Request;
import java.util.Locale;
import java.util.Objects;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who may change the runtime catalogue, checked in the transaction of the change. The CPU and GPU
 * classes are the platform's catalogue, offered to every user's clusters, and a class's default is
 * one of them: registering, changing or retiring them, or moving a runtime into or out of them, is
 * for admins. A CUSTOM runtime is its creator's and the admins': a delegate changes one for the
 * user it acts for, whoever the body names. A registration names its creator, the body's user, who
 * must be the caller unless the caller is an admin or a delegate, as for a cluster's owner; an edit
 * or a retirement is signed by the caller.
 */
@Service
public class RuntimeAccess {

  private final RuntimeRegistry registry;
  private final RuntimeRepository runtimes;
  private final SecretGrants secrets;
  private final ClusterRepository clusters;
  private final KnownUsers users;

  public RuntimeAccess(
      RuntimeRegistry registry,
      RuntimeRepository runtimes,
      SecretGrants secrets,
      ClusterRepository clusters,
      KnownUsers users) {
    this.registry = registry;
    this.runtimes = runtimes;
    this.secrets = secrets;
    this.clusters = clusters;
    this.users = users;
  }

  /**
   * A registration; bringing back a retired runtime is a change of it. The same registration sent
   * twice at once is answered as if sent one after the other: the second name is taken.
   */
  @RetriedOnConcurrentInsert
  @Transactional
  public RuntimeV2Details create(RuntimeV2Request request, Caller caller) {
    author(request.user(), caller, "user");
    requireMayDescribe(request.runtime(), request.runtimeClass(), caller);
    var retired = runtimes.findByRuntime(request.runtime()).filter(RuntimeEntity::isDeleted);
    retired.ifPresent(runtime -> requireMayChange(runtime, caller));
    requireMayPullWith(request.imagePullSecret(), null, caller);
    // A retired runtime is kept for the clusters on it, which come back with it.
    retired.ifPresent(runtime -> requireOtherOwnersMayPullWith(runtime, request, caller));
    return registry.create(request);
  }

  /** A change of a runtime; one that loses a race to another change of it runs again on it. */
  @RetriedOnConcurrentChange
  @Transactional
  public RuntimeV2Details update(RuntimeV2Request request, Caller caller) {
    author(request.user(), caller, "user");
    // An unknown name is the registry's 400.
    var stored = runtimes.findByRuntime(request.runtime());
    stored.ifPresent(runtime -> requireMayChange(runtime, caller));
    requireMayDescribe(request.runtime(), request.runtimeClass(), caller);
    // The pull secret a runtime has is kept for its image, not for any image it allows.
    requireMayPullWith(
        request.imagePullSecret(),
        stored
            .filter(r -> Objects.equals(r.getImage(), request.image()))
            .map(RuntimeEntity::getImagePullSecret)
            .orElse(null),
        caller);
    stored.ifPresent(runtime -> requireOtherOwnersMayPullWith(runtime, request, caller));
    return registry.update(request, caller.actor().name());
  }

  /** Retires a runtime; one that loses a race to another retirement of it finds it retired. */
  @RetriedOnConcurrentChange
  @Transactional
  public void softDelete(String name, Caller caller) {
    runtimes.findByRuntime(name).ifPresent(runtime -> requireMayChange(runtime, caller));
    registry.softDelete(name, caller.actor().name());
  }

  /** {@code POST /custom-runtime}: {@code created_by} is the creator. */
  @RetriedOnConcurrentInsert
  @Transactional
  public long registerV1(CustomRuntimeRequest request, Caller caller) {
    author(request.createdBy(), caller, "created_by");
    requireMayDescribe(
        request.runtime(), RuntimeClass.valueOf(request.type().toUpperCase(Locale.ROOT)), caller);
    runtimes
        .findByRuntime(request.runtime())
        .filter(RuntimeEntity::isDeleted)
        .ifPresent(retired -> requireMayChange(retired, caller));
    return registry.registerV1(request);
  }

  /** The body's user, if the caller may name them. */
  private static void author(String bodyUser, Caller caller, String field) {
    if (!caller.trusted() && !Objects.equals(bodyUser, caller.user())) {
      throw new AccessDeniedException(
          "owner",
          "You ("
              + caller.user()
              + ") may not register or change a runtime as "
              + bodyUser
              + ": "
              + field
              + " must be yourself unless you are an admin or a configured delegate");
    }
  }

  private static void requireMayDescribe(String runtime, RuntimeClass runtimeClass, Caller caller) {
    if (!caller.admin() && runtimeClass != RuntimeClass.CUSTOM) {
      throw new AccessDeniedException(
          "admin",
          "Only admins may register or change "
              + runtimeClass
              + " runtimes (the platform's catalogue); register "
              + runtime
              + " as a CUSTOM runtime instead");
    }
  }

  /**
   * A pull secret is a registry's credentials: whoever names one pulls whatever they allow. A new
   * one must be granted as a cluster's Secrets are, and so must the one a runtime already has when
   * its image changes.
   */
  private void requireMayPullWith(String secret, String kept, Caller caller) {
    // A malformed name is the registry's 400.
    if (secret != null
        && EnvironmentVariables.secretNameProblem(secret) == null
        && !secret.equals(kept)
        && !secrets.allows(secret, caller)) {
      throw secrets.refusal(secret, caller, "a runtime's image is pulled with");
    }
  }

  /**
   * Other users' clusters on a CUSTOM runtime were checked for the Secret it pulled with when they
   * were put on it; a new one would reach their pods unchecked, so each of their owners must be
   * granted it too (an admin may change it anyway).
   */
  private void requireOtherOwnersMayPullWith(
      RuntimeEntity runtime, RuntimeV2Request request, Caller caller) {
    String secret = request.imagePullSecret();
    if (caller.admin()
        || secret == null
        || secret.equals(runtime.getImagePullSecret())
        || !RuntimeClass.CUSTOM.name().equals(runtime.getRuntimeClass())
        || EnvironmentVariables.secretNameProblem(secret) != null) {
      return;
    }
    for (String owner :
        clusters.findOtherOwnersOnRuntime(runtime.getRuntime(), runtime.getCreatedBy())) {
      if (!secrets.allows(secret, users.configured(owner, caller.source()))) {
        throw new AccessDeniedException(
            "grant",
            "Runtime "
                + runtime.getRuntime()
                + " is used by a cluster of "
                + owner
                + ", who was not granted Secret "
                + secret
                + ": its pods would pull with it unchecked, so only an admin may give the runtime"
                + " that Secret now (compute.access.grants.secrets)");
      }
    }
  }

  /** An admin, or for a CUSTOM runtime its creator (or a delegate acting for them). */
  private static void requireMayChange(RuntimeEntity runtime, Caller caller) {
    if (caller.admin()) {
      return;
    }
    if (!RuntimeClass.CUSTOM.name().equals(runtime.getRuntimeClass())) {
      throw new AccessDeniedException(
          "admin",
          "Runtime "
              + runtime.getRuntime()
              + " is a "
              + runtime.getRuntimeClass()
              + " runtime of the platform's catalogue: only admins may change it");
    }
    if (!Objects.equals(runtime.getCreatedBy(), caller.user())) {
      throw new AccessDeniedException(
          "owner",
          "Runtime "
              + runtime.getRuntime()
              + " was registered by "
              + runtime.getCreatedBy()
              + ": only they and admins may change it");
    }
  }
}
