package org.yizhan.api;

/** Every failure the server reports, with its HTTP status and the problem type slug. */
public enum ErrorCode {
  INVALID_REQUEST(400, "invalid-request", "The request is invalid"),
  UNAUTHORIZED(401, "unauthorized", "Authentication required"),
  FORBIDDEN(403, "forbidden", "Not allowed"),
  NOT_FOUND(404, "not-found", "Not found"),
  METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
  NOT_ACCEPTABLE(406, "not-acceptable", "Not acceptable"),
  CONFLICT(409, "conflict", "Conflict"),
  PRECONDITION_FAILED(412, "precondition-failed", "The resource has changed"),
  PAYLOAD_TOO_LARGE(413, "payload-too-large", "Request body too large"),
  URI_TOO_LONG(414, "uri-too-long", "Request line too long"),
  UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
  PRECONDITION_REQUIRED(428, "precondition-required", "If-Match required"),
  TOO_MANY_REQUESTS(429, "too-many-requests", "Too many requests"),
  HEADERS_TOO_LARGE(431, "headers-too-large", "Request headers too large"),
  UNAVAILABLE(503, "unavailable", "Service unavailable"),
  INTERNAL(500, "internal", "Internal error");

  private final int httpStatus;
  private final String slug;
  private final String title;

  ErrorCode(int httpStatus, String slug, String title) {
    this.httpStatus = httpStatus;
    this.slug = slug;
    this.title = title;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public String slug() {
    return slug;
  }

  public String title() {
    return title;
  }
}
