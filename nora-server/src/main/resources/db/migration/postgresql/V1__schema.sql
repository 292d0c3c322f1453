-- Nora's schema on PostgreSQL. Times are microseconds since the epoch (UTC); JSON is stored as text.
CREATE TABLE projects (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  created_us  BIGINT NOT NULL
);

CREATE TABLE api_keys (
  id          TEXT PRIMARY KEY,
  project_id  TEXT NOT NULL REFERENCES projects(id),
  name        TEXT,
  key_hash    TEXT NOT NULL UNIQUE,
  key_prefix  TEXT NOT NULL,
  created_us  BIGINT NOT NULL,
  revoked_us  BIGINT
);

CREATE TABLE traces (
  project_id     TEXT NOT NULL,
  id             TEXT NOT NULL,
  name           TEXT NOT NULL,
  status         TEXT NOT NULL,
  placeholder    BIGINT NOT NULL DEFAULT 0,
  start_us       BIGINT NOT NULL,
  end_us         BIGINT,
  environment    TEXT,
  session_id     TEXT,
  user_id        TEXT,
  metadata       TEXT,
  input          TEXT,
  output         TEXT,
  error          TEXT,
  service_url    TEXT,
  set_latency    DOUBLE PRECISION,
  set_tokens     TEXT,
  set_cost       DOUBLE PRECISION,
  calls          BIGINT NOT NULL DEFAULT 0,
  error_count    BIGINT NOT NULL DEFAULT 0,
  input_tokens   BIGINT NOT NULL DEFAULT 0,
  output_tokens  BIGINT NOT NULL DEFAULT 0,
  total_tokens   BIGINT NOT NULL DEFAULT 0,
  cost           DOUBLE PRECISION,
  created_us     BIGINT NOT NULL,
  updated_us     BIGINT NOT NULL,
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
  start_us          BIGINT NOT NULL,
  end_us            BIGINT NOT NULL,
  provider          TEXT,
  model             TEXT,
  input_tokens      BIGINT,
  output_tokens     BIGINT,
  total_tokens      BIGINT,
  cached_tokens     BIGINT,
  reasoning_tokens  BIGINT,
  cost              DOUBLE PRECISION,
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
  value         DOUBLE PRECISION,
  string_value  TEXT,
  comment       TEXT,
  source        TEXT NOT NULL,
  created_us    BIGINT NOT NULL
);
CREATE INDEX scores_trace ON scores (project_id, trace_id);
