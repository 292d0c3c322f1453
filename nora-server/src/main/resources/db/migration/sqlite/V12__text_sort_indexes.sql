-- The traces page sorted by the server by name, status, environment, user or session, a page at
-- a time, as V10 does for the numbers: an index for each order, its expression that of
-- storage.jdbc.Sql.SORT_COLUMNS to the letter (a missing value as the empty text), so that a page
-- deep into millions of traces is read from the index, not sorted.
CREATE INDEX traces_by_name ON traces (project_id, name, id);
CREATE INDEX traces_by_status ON traces (project_id, status, id);
CREATE INDEX traces_by_environment ON traces (project_id, (COALESCE(environment, '')), id);
CREATE INDEX traces_by_user ON traces (project_id, (COALESCE(user_id, '')), id);
CREATE INDEX traces_by_session ON traces (project_id, (COALESCE(session_id, '')), id);
