package org.communal.diff;

import java.util.List;
import java.util.Objects;

/**
 * One mail of a {@code git format-patch} series: the commit's metadata and the file entries it
 * carries.
 *
 * @param commitId the commit id from the mail's {@code From <id> Mon Sep 17 00:00:00 2001} line
 * @param author the {@code From:} header, MIME words decoded, such as
 *     {@code Ann <ann@example.com>}; empty if missing
 * @param date the {@code Date:} header as written; empty if missing
 * @param subject the {@code Subject:} header, unfolded and decoded, without its {@code [PATCH n/m]}
 *     prefix; empty if missing
 * @param body the commit message below the subject, up to the {@code ---} line, without leading and
 *     trailing blank lines; empty if none
 * @param files this mail's entries, the same instances as in {@link ParsedDiff#files()}
 */
public record PatchMail(String commitId, String author, String date, String subject, String body,
    List<FileDiff> files) {
  public PatchMail {
    Objects.requireNonNull(commitId, "commitId");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(body, "body");
    files = List.copyOf(files);
  }
}
