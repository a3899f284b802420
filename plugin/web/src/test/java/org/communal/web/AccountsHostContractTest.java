package org.communal.web;

import java.util.Map;
import java.util.Optional;
import org.communal.core.CommunalCore;
import org.communal.core.NewUser;
import org.communal.core.Sessions;
import org.communal.core.User;
import org.communal.testing.TestPostgres;

/** The standalone server's host passes the host contract. */
class AccountsHostContractTest extends HostContractTest {
  private static final String PASSWORD = "a password long enough";
  private final CommunalCore core = CommunalCore.wrap(TestPostgres.migratedDatabase().dataSource());
  private final AccountsHost host = new AccountsHost(core, false);

  @Override
  protected Host host() {
    return host;
  }

  @Override
  protected Credentials signIn(String username, boolean admin) {
    User user = core.users().create(new NewUser(username, username, Optional.empty(), admin,
        Optional.empty())).user();
    core.users().setPassword(user, PASSWORD, false);
    Sessions.Opened opened = core.signIn().signIn(username, PASSWORD, "127.0.0.1");
    return new Credentials(Map.of("Cookie", AccountsHost.COOKIE + "=" + opened.cookieValue()),
        Map.of(AccountsHost.CSRF_HEADER, opened.session().csrfToken()));
  }
}
