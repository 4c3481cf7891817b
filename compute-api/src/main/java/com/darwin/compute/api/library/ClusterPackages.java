package com.darwin.compute.api.library;

import com.darwin.compute.core.access.Caller;
import com.darwin.compute.core.access.ClusterAccessService;
import com.darwin.compute.core.access.ClusterOperation;
import com.darwin.compute.core.access.KnownUsers;
import com.darwin.compute.core.cluster.WrittenAlong;
import com.darwin.compute.core.domain.Actor;
import com.darwin.compute.core.domain.InvalidRequestException;
import com.darwin.compute.core.library.LibraryService;
import com.darwin.compute.core.library.LibrarySpec;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.library.LibraryView;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code packages} and {@code packages_clone_from} of a cluster request: validated before the
 * cluster is created or edited (a bad library refuses the whole request, nothing is made), then
 * written as the cluster's libraries in the transaction that creates or edits it. Copying another
 * cluster's libraries is open to any caller (they are readable by all), except those whose URL
 * carries credentials: those only to whoever may install libraries on the source.
 */
@Component
public class ClusterPackages {

  private final LibraryService libraries;
  private final ClusterAccessService access;
  private final KnownUsers users;
  private final JsonMapper mapper = JsonMapper.builder().build();

  public ClusterPackages(LibraryService libraries, ClusterAccessService access, KnownUsers users) {
    this.libraries = libraries;
    this.access = access;
    this.users = users;
  }

  /**
   * The libraries the request asks for, validated; empty when it asks for none. A 403 when they are
   * copied from a cluster whose libraries carry credentials that the caller, or the owner of the
   * cluster they are copied to (a delegate's create or edit for someone), may not use.
   */
  public List<LibrarySpec> requested(ClusterRequest request, Caller caller, String owner) {
    boolean clone = request.packagesCloneFrom() != null && !request.packagesCloneFrom().isBlank();
    if (clone && !request.packages().isEmpty()) {
      throw new InvalidRequestException(
          "packages_clone_from", "give packages or packages_clone_from, not both");
    }
    if (clone) {
      String source = request.packagesCloneFrom().strip();
      List<LibrarySpec> specs = libraries.specsOf(source, "packages_clone_from");
      if (specs.stream().anyMatch(LibrarySpec::carriesCredentials)) {
        access.require(source, caller, ClusterOperation.COPY_LIBRARY_CREDENTIALS);
        // The owner runs code on the copy, so they must be one who may use them too: checked as
        // configuration knows them when someone else (a delegate, trusted with every cluster, also
        // when acting for the owner) makes or edits the cluster for them.
        String runsIt = owner == null ? caller.user() : owner;
        boolean byOwner = runsIt.equals(caller.user()) && caller.onBehalfOf() == null;
        if (!caller.admin() && !byOwner) {
          access.require(
              source,
              users.configured(runsIt, caller.source()),
              ClusterOperation.COPY_LIBRARY_CREDENTIALS);
        }
      }
      return specs;
    }
    return libraries.validatePackages(request.packages());
  }

  /**
   * Adds them to the cluster in the transaction that creates or edits it (both are stored or
   * neither); after it, {@link Adding#answer()} is the answer's {@code packages}, as the Python
   * service's.
   */
  public Adding adding(List<LibrarySpec> specs, Actor actor) {
    return new Adding(specs, actor);
  }

  /** The libraries of one create or edit, written along with the cluster. */
  public final class Adding implements WrittenAlong {

    private final List<LibrarySpec> specs;
    private final Actor actor;
    private List<LibraryView> added = List.of();

    private Adding(List<LibrarySpec> specs, Actor actor) {
      this.specs = specs;
      this.actor = actor;
    }

    @Override
    public void write(ClusterEntity cluster) {
      // A create without packages reads nothing more.
      added = specs.isEmpty() ? List.of() : libraries.addWith(cluster, specs, actor);
    }

    /** What was added, once the cluster's transaction has committed. */
    public List<Map<String, Object>> answer() {
      if (added.isEmpty()) {
        return List.of();
      }
      return mapper.convertValue(added, new TypeReference<List<Map<String, Object>>>() {});
    }
  }
}
