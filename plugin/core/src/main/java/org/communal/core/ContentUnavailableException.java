package org.communal.core;

/**
 * Whole file contents were asked for but cannot be known: the review request has no repository
 * (or the revision no base commit), the file is binary without data, or the mirror cannot be
 * read. The message says which and what still works.
 */
public final class ContentUnavailableException extends CommunalException {
  private static final long serialVersionUID = 1L;

  public ContentUnavailableException(String message) {
    super(message);
  }

  public ContentUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String code() {
    return "content-unavailable";
  }
}
