package org.communal.web;

import org.communal.core.CommunalException;

/**
 * A failure of the HTTP exchange itself (a body that is not JSON, a wrong method), as opposed to
 * a domain failure from the core. Each carries one HTTP status and a stable code.
 */
public final class ApiException extends CommunalException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  public ApiException(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  /** The HTTP status to answer with. */
  public int status() {
    return status;
  }

  @Override
  public String code() {
    return code;
  }

  /** 400 {@code invalid-json}. */
  public static ApiException invalidJson(String detail) {
    return new ApiException(400, "invalid-json", "The request body is not valid JSON: " + detail);
  }

  /** 404 {@code not-found} for a path that names no resource. */
  public static ApiException noSuchPath(String path) {
    return new ApiException(404, "not-found", "Nothing is at " + path
        + ". The API's resources are listed at /api/.");
  }
}
