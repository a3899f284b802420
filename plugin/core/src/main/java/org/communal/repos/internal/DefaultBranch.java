package org.communal.repos.internal;

import java.io.IOException;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.FetchResult;

/** Points a mirror's HEAD at the branch the repository's own HEAD names. */
final class DefaultBranch {
  private DefaultBranch() {}

  /** Leaves HEAD alone if the repository advertised none (it is empty) or names no branch. */
  static void link(Repository repo, FetchResult result) throws IOException {
    String branch = advertised(result);
    if (branch == null || repo.exactRef(branch) == null) {
      return;
    }
    Ref head = repo.getRefDatabase().exactRef(Constants.HEAD);
    if (head != null && head.isSymbolic() && head.getTarget().getName().equals(branch)) {
      return;
    }
    RefUpdate u = repo.updateRef(Constants.HEAD);
    u.disableRefLog();
    RefUpdate.Result r = u.link(branch);
    if (r != RefUpdate.Result.NEW && r != RefUpdate.Result.FORCED
        && r != RefUpdate.Result.NO_CHANGE) {
      throw new IOException("Could not point HEAD at " + branch + ": " + r);
    }
  }

  /**
   * The branch HEAD names; when the protocol gave HEAD's commit only (old servers), the branch
   * at that commit, {@code main} or {@code master} first.
   */
  private static String advertised(FetchResult result) {
    Ref head = result.getAdvertisedRef(Constants.HEAD);
    if (head == null) {
      return null;
    }
    if (head.isSymbolic()) {
      return head.getTarget().getName();
    }
    return atCommit(result.getAdvertisedRefs(), head.getObjectId());
  }

  private static String atCommit(Collection<Ref> refs, ObjectId commit) {
    return refs.stream()
        .filter(r -> r.getName().startsWith(Constants.R_HEADS))
        .filter(r -> Objects.equals(r.getObjectId(), commit))
        .map(Ref::getName)
        .min(Comparator.comparing((String n) -> !n.equals("refs/heads/main"))
            .thenComparing(n -> !n.equals("refs/heads/master"))
            .thenComparing(Comparator.naturalOrder()))
        .orElse(null);
  }
}
