-- Stores. Typed columns for what is listed, filtered or joined (name, catalog, state, main
-- fulfillment center, outer id); the rest of the store (languages, currencies, URLs, SEO
-- infos, settings) in `doc`, the API's shape. Which fulfillment centers a store uses is a table
-- of its own so "which stores use center X" (delete checks in inventory) is one indexed query.
CREATE TABLE stores_stores (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  catalog_id TEXT NOT NULL,
  store_state TEXT NOT NULL,
  main_fulfillment_center_id TEXT,
  outer_id TEXT,
  doc TEXT NOT NULL,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  modified_at BIGINT NOT NULL,
  modified_by TEXT NOT NULL
);
CREATE INDEX stores_stores_name ON stores_stores (name);
CREATE INDEX stores_stores_catalog ON stores_stores (catalog_id);

-- role: main, additional or returns; position keeps the order of additional centers.
CREATE TABLE stores_fulfillment_centers (
  store_id TEXT NOT NULL,
  fulfillment_center_id TEXT NOT NULL,
  role TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (store_id, role, fulfillment_center_id)
);
CREATE INDEX stores_fulfillment_centers_center ON stores_fulfillment_centers (fulfillment_center_id);
