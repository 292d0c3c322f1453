-- What arrives apart from a span and adds to it: OTLP log records of GenAI events (a call's
-- messages), stored as they come, whether the span is stored yet or not, and read with the span.
CREATE TABLE span_additions (
  project_id  TEXT NOT NULL,
  trace_id    TEXT NOT NULL,
  span_id     TEXT NOT NULL,
  id          TEXT NOT NULL,
  time_us     INTEGER NOT NULL,
  seq         INTEGER NOT NULL,
  body        TEXT NOT NULL,
  PRIMARY KEY (project_id, trace_id, span_id, id)
);
CREATE INDEX span_additions_time ON span_additions (time_us);
