-- A trace's metadata, key by key, for filters that find a value without reading every trace's
-- JSON (storage.jdbc.TraceMetadata): top-level values that are text, numbers or true/false, up
-- to 1,000 characters. V9 fills it from the traces already stored.
CREATE TABLE trace_metadata (
  project_id  TEXT NOT NULL,
  key         TEXT NOT NULL,
  value       TEXT NOT NULL,
  trace_id    TEXT NOT NULL,
  PRIMARY KEY (project_id, key, value, trace_id)
);
CREATE INDEX trace_metadata_trace ON trace_metadata (project_id, trace_id);
