package org.communal.repos.internal;

import org.communal.context.Context;
import org.eclipse.jgit.lib.ProgressMonitor;

/**
 * Lets JGit see that the fetch's context was cancelled: JGit asks between objects and stops. (A
 * fetch blocked on the network is stopped by {@link Exchanges} instead.)
 */
final class ContextProgressMonitor implements ProgressMonitor {
  private final Context context;

  ContextProgressMonitor(Context context) {
    this.context = context;
  }

  @Override
  public boolean isCancelled() {
    return context.isCancelled();
  }

  @Override
  public void start(int totalTasks) {
    // progress is not reported
  }

  @Override
  public void beginTask(String title, int totalWork) {
    // progress is not reported
  }

  @Override
  public void update(int completed) {
    // progress is not reported
  }

  @Override
  public void endTask() {
    // progress is not reported
  }

  @Override
  public void showDuration(boolean enabled) {
    // progress is not reported
  }
}
