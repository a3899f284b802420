package org.communal.web;

import jakarta.servlet.http.HttpServletRequest;
import org.communal.core.Caller;
import org.communal.core.Permission;

/**
 * A host for tests in which everyone is anonymous and may read, nothing more; tests override
 * {@link #authenticate} to do something on the way in (hold a request, throw).
 */
class AnonymousReadHost implements Host {
  @Override
  public Caller authenticate(HttpServletRequest request) {
    return Caller.anonymous();
  }

  @Override
  public boolean has(Caller caller, Permission permission) {
    return permission == Permission.READ;
  }

  @Override
  public void checkCsrf(HttpServletRequest request, Caller caller) {}

  @Override
  public boolean managesAccounts() {
    return false;
  }
}
