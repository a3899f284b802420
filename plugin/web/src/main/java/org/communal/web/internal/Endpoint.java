package org.communal.web.internal;

/** One REST endpoint: takes the call, returns the reply, and throws for every failure. */
@FunctionalInterface
public interface Endpoint {
  Reply handle(Call call);
}
