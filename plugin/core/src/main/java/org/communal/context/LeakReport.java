package org.communal.context;

/**
 * A root context that became unreachable without being closed. Its destructors did not run: the
 * registry only reports, it never closes behind anyone's back.
 *
 * @param path the root's name
 * @param blocks how many contexts its tree held
 * @param createdAt where it was created (at ADVANCED or above), or null
 */
public record LeakReport(String path, long blocks, Throwable createdAt) {}
