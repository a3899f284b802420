package org.communal.web;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import org.communal.core.CommunalCore;
import org.communal.core.NewUser;
import org.communal.core.Permission;
import org.communal.core.User;

/**
 * An admin account for tests that need one: {@code root}, with {@link #PASSWORD} in place of its
 * one-time password, and an API token that holds every scope.
 *
 * @param user the account
 * @param token the token's value
 */
record TestAdmin(User user, String token) {
  /** The account's password. */
  static final String PASSWORD = "the admin's password";

  /** Creates the account and its token in the core's database. */
  static TestAdmin create(CommunalCore core) {
    User root = core.users().create(new NewUser("root", "", Optional.empty(), true,
        Optional.empty())).user();
    root = core.users().setPassword(root, PASSWORD, false);
    return new TestAdmin(root, core.apiTokens().create(root, root, "admin",
        EnumSet.allOf(Permission.class), Optional.empty()).value());
  }

  /** The {@code Authorization} header that sends the token. */
  Map<String, String> authorization() {
    return Map.of("Authorization", "token " + token);
  }
}
