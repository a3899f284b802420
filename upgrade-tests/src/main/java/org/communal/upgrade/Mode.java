package org.communal.upgrade;

/** How a path applies the migrations between its release and HEAD. */
public enum Mode {
  /** One {@code migrate} for every pending migration, as a deploy does. */
  BATCHED,
  /** One {@code migrate} per migration, each committed before the next starts. */
  STEPWISE;

  /** The mode's name in reports: {@code batched} or {@code stepwise}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
