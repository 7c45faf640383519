-- Seed data sets (platform/seeds): the steps already applied, so a restart skips them.
CREATE TABLE seed_steps (
  data_set TEXT NOT NULL,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL,
  PRIMARY KEY (data_set, name)
);
