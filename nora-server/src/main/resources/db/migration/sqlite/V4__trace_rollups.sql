-- The traces' totals per project, environment, status and hour, kept in step by every write:
-- the traces page's totals read these instead of every trace (storage.jdbc.TraceRollups).
CREATE TABLE trace_rollups (
  project_id    TEXT NOT NULL,
  environment   TEXT NOT NULL,
  status        TEXT NOT NULL,
  hour_us       INTEGER NOT NULL,
  traces        INTEGER NOT NULL,
  total_tokens  INTEGER NOT NULL,
  cost          REAL NOT NULL,
  cost_count    INTEGER NOT NULL,
  PRIMARY KEY (project_id, environment, status, hour_us)
);

INSERT INTO trace_rollups (project_id, environment, status, hour_us, traces, total_tokens, cost, cost_count)
SELECT project_id, COALESCE(environment, ''), status, (start_us / 3600000000) * 3600000000, COUNT(*),
       COALESCE(SUM(total_tokens), 0),
       COALESCE(SUM(CASE WHEN set_cost > 0 THEN set_cost ELSE cost END), 0),
       COUNT(CASE WHEN set_cost > 0 THEN set_cost ELSE cost END)
FROM traces
GROUP BY project_id, COALESCE(environment, ''), status, (start_us / 3600000000) * 3600000000;
