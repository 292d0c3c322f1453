package ai.nora.server.ingest;

import java.util.List;

/**
 * What became of a batch: the good items are stored, each bad one is reported.
 *
 * @param accepted items stored
 * @param errors items refused
 */
public record IngestResult(int accepted, List<ItemError> errors) {
  public int rejected() {
    return errors.size();
  }
}
