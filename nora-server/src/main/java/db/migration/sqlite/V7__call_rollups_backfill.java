package db.migration.sqlite;

import ai.nora.server.storage.jdbc.CallRollups;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/** Fills the call rollups (V6) from the calls already stored. */
public final class V7__call_rollups_backfill extends BaseJavaMigration {
  @Override
  public void migrate(Context context) throws Exception {
    CallRollups.backfill(context.getConnection());
  }
}
