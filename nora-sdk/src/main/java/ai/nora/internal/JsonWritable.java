package ai.nora.internal;

/**
 * A value that writes itself as JSON through {@link Json}. This interface is internal and is
 * hence not for public use.
 */
public interface JsonWritable {
  /** Writes this value (one JSON value) to {@code json}. */
  void writeJson(Json json);
}
