package org.communal.web.internal.api;

import org.communal.core.Caller;
import org.communal.core.CommunalCore;
import org.communal.core.Permission;
import org.communal.core.User;
import org.communal.web.ApiException;
import org.communal.web.internal.Call;

/** Who may see and manage a user's API tokens: the user and admins. */
final class TokenOwner {
  private TokenOwner() {}

  /** The owner named in the path, after checking the caller may manage their tokens. */
  static User of(Call call, CommunalCore core) {
    call.require(Permission.READ);
    User owner = core.users().get(call.param("username"));
    if (!call.isSelfOrAdmin(owner)) {
      throw new ApiException(403, "permission-denied",
          "Only " + owner.username() + " or an admin may manage these API tokens.");
    }
    return owner;
  }

  /**
   * Creating a token needs a signed-in browser session, or admin rights: a token must not mint
   * longer-lived or wider tokens for itself.
   */
  static void checkMayCreate(Call call) {
    call.require(Permission.WRITE);
    if (call.caller().credential() == Caller.Credential.TOKEN && !call.may(Permission.ADMIN)) {
      throw new ApiException(403, "permission-denied", "API tokens are created from a signed-in"
          + " session (or by an admin), not with another token.");
    }
  }
}
