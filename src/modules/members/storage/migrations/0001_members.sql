-- Members: contacts, organizations, employees and vendors in one table told apart by the typed
-- column `member_type` (they share almost every field; one table keeps the combined
-- /api/v1/members search one query). Typed columns for what is filtered or sorted; `doc` holds
-- the API form without meta. `search` is the lower-cased name and e-mails for `q`.
-- Timestamps are microseconds since the epoch.
CREATE TABLE members (
  id TEXT PRIMARY KEY,
  member_type TEXT NOT NULL,
  name TEXT NOT NULL,
  search TEXT NOT NULL,
  parent_id TEXT,
  outer_id TEXT,
  status TEXT NOT NULL,
  doc TEXT NOT NULL,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  modified_at BIGINT NOT NULL,
  modified_by TEXT NOT NULL
);
CREATE INDEX members_type_name ON members (member_type, name);
CREATE INDEX members_parent ON members (parent_id);
CREATE INDEX members_outer ON members (outer_id);

-- The multi-valued fields that are searched exactly: kind 'email' (lower-cased), 'group' and
-- 'tag' (lower-cased; matching is case-insensitive), 'org' (organization id).
CREATE TABLE member_links (
  member_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (member_id, kind, value)
);
CREATE INDEX member_links_value ON member_links (kind, value, member_id);
