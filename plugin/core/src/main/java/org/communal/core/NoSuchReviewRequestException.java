package org.communal.core;

/** No review request has this id. */
public final class NoSuchReviewRequestException extends NotFoundException {
  private static final long serialVersionUID = 1L;

  public NoSuchReviewRequestException(long id) {
    super("No review request has id " + id + ".");
  }
}
