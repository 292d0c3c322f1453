-- Nora's schema on SQLite. Times are microseconds since the epoch (UTC); JSON is stored as text.
CREATE TABLE projects (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  created_us  INTEGER NOT NULL
);

CREATE TABLE api_keys (
  id          TEXT PRIMARY KEY,
  project_id  TEXT NOT NULL REFERENCES projects(id),
  name        TEXT,
  key_hash    TEXT NOT NULL UNIQUE,
  key_prefix  TEXT NOT NULL,
  created_us  INTEGER NOT NULL,
  revoked_us  INTEGER
);

CREATE TABLE traces (
  project_id     TEXT NOT NULL,
  id             TEXT NOT NULL,
  name           TEXT NOT NULL,
  status         TEXT NOT NULL,
  placeholder    INTEGER NOT NULL DEFAULT 0,
  start_us       INTEGER NOT NULL,
  end_us         INTEGER,
  environment    TEXT,
  session_id     TEXT,
  user_id        TEXT,
  metadata       TEXT,
  input          TEXT,
  output         TEXT,
  error          TEXT,
  service_url    TEXT,
  set_latency    REAL,
  set_tokens     TEXT,
  set_cost       REAL,
  calls          INTEGER NOT NULL DEFAULT 0,
  error_count    INTEGER NOT NULL DEFAULT 0,
  input_tokens   INTEGER NOT NULL DEFAULT 0,
  output_tokens  INTEGER NOT NULL DEFAULT 0,
  total_tokens   INTEGER NOT NULL DEFAULT 0,
  cost           REAL,
  created_us     INTEGER NOT NULL,
  updated_us     INTEGER NOT NULL,
  PRIMARY KEY (project_id, id)
);
CREATE INDEX traces_recent ON traces (project_id, start_us DESC, id DESC);
CREATE INDEX traces_session ON traces (project_id, session_id, start_us);
CREATE INDEX traces_user ON traces (project_id, user_id, start_us);
CREATE INDEX traces_updated ON traces (project_id, updated_us);

CREATE TABLE spans (
  project_id        TEXT NOT NULL,
  trace_id          TEXT NOT NULL,
  id                TEXT NOT NULL,
  parent_id         TEXT,
  type              TEXT NOT NULL,
  name              TEXT NOT NULL,
  status            TEXT NOT NULL,
  start_us          INTEGER NOT NULL,
  end_us            INTEGER NOT NULL,
  provider          TEXT,
  model             TEXT,
  input_tokens      INTEGER,
  output_tokens     INTEGER,
  total_tokens      INTEGER,
  cached_tokens     INTEGER,
  reasoning_tokens  INTEGER,
  cost              REAL,
  body              TEXT NOT NULL,
  PRIMARY KEY (project_id, trace_id, id)
);
CREATE INDEX spans_time ON spans (project_id, start_us);

CREATE TABLE scores (
  id            TEXT PRIMARY KEY,
  project_id    TEXT NOT NULL,
  trace_id      TEXT NOT NULL,
  span_id       TEXT,
  name          TEXT NOT NULL,
  value         REAL,
  string_value  TEXT,
  comment       TEXT,
  source        TEXT NOT NULL,
  created_us    INTEGER NOT NULL
);
CREATE INDEX scores_trace ON scores (project_id, trace_id);
