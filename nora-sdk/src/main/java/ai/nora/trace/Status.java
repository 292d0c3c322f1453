package ai.nora.trace;

/** The outcome of a trace or a span. */
public enum Status {
  /** Started, not ended yet (traces only: spans are reported when they end). */
  PENDING("pending"),
  /** Ended without error. */
  SUCCESS("success"),
  /** Ended with an error. */
  ERROR("error");

  private final String wireName;

  Status(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in the ingest protocol and the server's API. */
  public String wireName() {
    return wireName;
  }
}
