package db.migration.sqlite;

import ai.nora.server.storage.jdbc.TraceMetadata;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/** Fills the metadata index (V8) from the traces already stored. */
public final class V9__trace_metadata_backfill extends BaseJavaMigration {
  @Override
  public void migrate(Context context) throws Exception {
    TraceMetadata.backfill(context.getConnection());
  }
}
