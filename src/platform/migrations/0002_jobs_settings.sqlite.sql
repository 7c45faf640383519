-- Jobs (platform/jobs) and settings (platform/settings).
CREATE TABLE jobs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  status TEXT NOT NULL,
  params TEXT NOT NULL,
  done INTEGER NOT NULL DEFAULT 0,
  total INTEGER NOT NULL DEFAULT 0,
  errors TEXT NOT NULL DEFAULT '[]',
  error_count INTEGER NOT NULL DEFAULT 0,
  result TEXT NOT NULL DEFAULT '{}',
  cancel_requested INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT
);
CREATE INDEX jobs_status ON jobs (status, seq);
CREATE INDEX jobs_type ON jobs (type, seq);

CREATE TABLE settings (
  name TEXT NOT NULL,
  store_id TEXT NOT NULL,
  value TEXT NOT NULL,
  modified_at TEXT NOT NULL,
  modified_by TEXT NOT NULL,
  PRIMARY KEY (name, store_id)
);
