/**
 * Uploaded diffs: parse {@code git diff} and {@code git format-patch} output, apply it to the
 * base contents, show files side by side, and compute interdiffs between two revisions of a
 * change. Pure Java over JGit: no database, no servlet, no other Communal package.
 *
 * <p>Start at {@link org.communal.diff.Diffs}. Every value in this package is immutable and safe
 * to share between threads; every failure is a {@link org.communal.diff.DiffException} with a
 * stable {@link org.communal.diff.DiffException#code() code}. {@code plugin/core/DIFFS.md}
 * describes the contract, the algorithms and the limits.
 */
package org.communal.diff;
