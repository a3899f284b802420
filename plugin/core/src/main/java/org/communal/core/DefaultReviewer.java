package org.communal.core;

import java.util.List;
import java.util.Objects;

/**
 * Reviewers added to a review request of a repository when a published diff touches a file whose
 * path the pattern finds ({@link java.util.regex.Matcher#find()}, so {@code ^docs/} or
 * {@code \.sql$}).
 *
 * @param id the database id
 * @param repositoryId the repository
 * @param name what it is for, such as "database changes"
 * @param fileRegex the pattern
 * @param people usernames added as target people, sorted
 * @param groups group names added as target groups, sorted
 */
public record DefaultReviewer(long id, long repositoryId, String name, String fileRegex,
    List<String> people, List<String> groups) {
  public DefaultReviewer {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(fileRegex, "fileRegex");
    people = List.copyOf(people);
    groups = List.copyOf(groups);
  }
}
