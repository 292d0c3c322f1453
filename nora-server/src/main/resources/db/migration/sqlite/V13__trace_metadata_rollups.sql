-- The traces' totals per metadata key and value, environment, status and hour, kept in step by
-- every write as trace_rollups is (storage.jdbc.TraceRollups): the totals of a metadata filter
-- read these rather than every matching trace (a value a third of all traces hold is millions).
CREATE TABLE trace_metadata_rollups (
  project_id    TEXT NOT NULL,
  key           TEXT NOT NULL,
  value         TEXT NOT NULL,
  environment   TEXT NOT NULL,
  status        TEXT NOT NULL,
  hour_us       INTEGER NOT NULL,
  traces        INTEGER NOT NULL,
  total_tokens  INTEGER NOT NULL,
  cost          REAL NOT NULL,
  cost_count    INTEGER NOT NULL,
  PRIMARY KEY (project_id, key, value, environment, status, hour_us)
);

INSERT INTO trace_metadata_rollups (project_id, key, value, environment, status, hour_us, traces, total_tokens,
  cost, cost_count)
SELECT t.project_id, m.key, m.value, COALESCE(t.environment, ''), t.status, (t.start_us / 3600000000) * 3600000000,
       COUNT(*), COALESCE(SUM(t.total_tokens), 0),
       COALESCE(SUM(CASE WHEN t.set_cost > 0 THEN t.set_cost ELSE t.cost END), 0),
       COUNT(CASE WHEN t.set_cost > 0 THEN t.set_cost ELSE t.cost END)
FROM trace_metadata m JOIN traces t ON t.project_id = m.project_id AND t.id = m.trace_id
GROUP BY t.project_id, m.key, m.value, COALESCE(t.environment, ''), t.status, (t.start_us / 3600000000) * 3600000000;
