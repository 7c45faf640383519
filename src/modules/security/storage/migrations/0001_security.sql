-- Security module: users, roles, role assignments, API keys, refresh tokens.
-- Timestamps are fixed-width ISO 8601 text (YYYY-MM-DDTHH:MM:SS.mmmZ), so text order is time
-- order. Unique business keys are kept in normalized (lower-case) columns.
CREATE TABLE security_roles (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  normalized_name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL,
  permissions TEXT NOT NULL,
  is_built_in INTEGER NOT NULL,
  version BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  modified_at TEXT NOT NULL,
  modified_by TEXT NOT NULL
);
CREATE INDEX security_roles_created ON security_roles (created_at);

CREATE TABLE security_users (
  id TEXT PRIMARY KEY,
  user_name TEXT NOT NULL,
  normalized_user_name TEXT NOT NULL UNIQUE,
  email TEXT,
  normalized_email TEXT UNIQUE,
  user_type TEXT NOT NULL,
  member_id TEXT,
  store_ids TEXT NOT NULL,
  is_active INTEGER NOT NULL,
  password_hash TEXT,
  password_changed_at TEXT,
  failed_login_count INTEGER NOT NULL,
  lockout_end TEXT,
  last_login_at TEXT,
  version BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  modified_at TEXT NOT NULL,
  modified_by TEXT NOT NULL
);
CREATE INDEX security_users_created ON security_users (created_at);
CREATE INDEX security_users_member ON security_users (member_id);

CREATE TABLE security_user_roles (
  user_id TEXT NOT NULL,
  role_id TEXT NOT NULL,
  PRIMARY KEY (user_id, role_id)
);
CREATE INDEX security_user_roles_role ON security_user_roles (role_id);

CREATE TABLE security_api_keys (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  normalized_name TEXT NOT NULL,
  user_id TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  expires_at TEXT,
  version BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  modified_at TEXT NOT NULL,
  modified_by TEXT NOT NULL
);
CREATE INDEX security_api_keys_user ON security_api_keys (user_id);

CREATE TABLE security_refresh_tokens (
  id TEXT PRIMARY KEY,
  family_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  client_id TEXT,
  token_hash TEXT NOT NULL,
  issued_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT,
  replaced_by TEXT
);
CREATE INDEX security_refresh_tokens_user ON security_refresh_tokens (user_id, expires_at);
CREATE INDEX security_refresh_tokens_family ON security_refresh_tokens (family_id);
CREATE INDEX security_refresh_tokens_client ON security_refresh_tokens (client_id);
