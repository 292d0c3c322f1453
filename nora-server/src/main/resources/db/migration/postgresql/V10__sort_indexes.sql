-- The traces page sorted by the server, a page at a time, by latency, calls, tokens or cost: an
-- index for each order (time has traces_recent). The expressions are those of
-- storage.jdbc.Sql.SORT_COLUMNS, to the letter, so that the databases use them.
CREATE INDEX traces_by_latency ON traces (project_id, (COALESCE(end_us - start_us, -1)), id);
CREATE INDEX traces_by_calls ON traces (project_id, calls, id);
CREATE INDEX traces_by_tokens ON traces (project_id, total_tokens, id);
CREATE INDEX traces_by_cost ON traces (project_id,
  (COALESCE(CAST(ROUND((CASE WHEN set_cost > 0 THEN set_cost ELSE cost END) * 1000000000) AS BIGINT), -1)), id);
