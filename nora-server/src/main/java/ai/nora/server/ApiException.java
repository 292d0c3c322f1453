package ai.nora.server;

/**
 * A request the server refuses, with the HTTP status and the {@code detail} the client is shown:
 * what was wrong and where ({@code "spans[3].start_time: not an ISO-8601 UTC time"}).
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public ApiException(int status, String detail) {
    super(detail);
    this.status = status;
  }

  public static ApiException badRequest(String detail) {
    return new ApiException(400, detail);
  }

  public static ApiException notFound(String detail) {
    return new ApiException(404, detail);
  }

  public int status() {
    return status;
  }
}
