-- Languages and currencies. Typed columns for what is filtered, sorted or constrained (the
-- business key `code` UNIQUE, flags, name); `doc` holds the API form without meta. Timestamps
-- are microseconds since the epoch.
CREATE TABLE localization_languages (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  is_active INTEGER NOT NULL,
  doc TEXT NOT NULL,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  modified_at BIGINT NOT NULL,
  modified_by TEXT NOT NULL,
  CONSTRAINT localization_languages_code_key UNIQUE (code)
);

CREATE TABLE localization_currencies (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  is_primary INTEGER NOT NULL,
  is_active INTEGER NOT NULL,
  doc TEXT NOT NULL,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  modified_at BIGINT NOT NULL,
  modified_by TEXT NOT NULL,
  CONSTRAINT localization_currencies_code_key UNIQUE (code)
);
