-- Inventory tables. Fulfillment centers keep code, name and outer id as columns (unique code,
-- lists and sorting) and description, address and geo location in `doc`. Inventory records are
-- all typed columns: availability sums them and reservations update them with conditional
-- UPDATEs, so nothing of a record lives in JSON. Timestamps are microseconds (BIGINT).
CREATE TABLE inventory_fulfillment_centers (
  id TEXT PRIMARY KEY,
  code TEXT UNIQUE,
  name TEXT NOT NULL,
  outer_id TEXT,
  doc TEXT NOT NULL,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  modified_at BIGINT NOT NULL,
  modified_by TEXT NOT NULL
);
CREATE INDEX inventory_fulfillment_centers_name ON inventory_fulfillment_centers (name);

CREATE TABLE inventory_records (
  id TEXT PRIMARY KEY,
  product_id TEXT NOT NULL,
  fulfillment_center_id TEXT NOT NULL REFERENCES inventory_fulfillment_centers (id),
  in_stock BIGINT NOT NULL,
  reserved BIGINT NOT NULL,
  reorder_min BIGINT NOT NULL,
  preorder_quantity BIGINT NOT NULL,
  backorder_quantity BIGINT NOT NULL,
  allow_backorder INTEGER NOT NULL,
  allow_preorder INTEGER NOT NULL,
  preorder_date BIGINT,
  backorder_date BIGINT,
  status TEXT NOT NULL,
  outer_id TEXT,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  modified_at BIGINT NOT NULL,
  modified_by TEXT NOT NULL,
  UNIQUE (product_id, fulfillment_center_id)
);
CREATE INDEX inventory_records_center ON inventory_records (fulfillment_center_id);

-- lines: JSON array [{productId, quantity, fulfillmentCenterId}]; a reservation is read and
-- changed as a whole, so one row keeps a reservation to one insert.
CREATE TABLE inventory_reservations (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL,
  reference TEXT NOT NULL,
  status TEXT NOT NULL,
  lines TEXT NOT NULL,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  modified_at BIGINT NOT NULL,
  modified_by TEXT NOT NULL
);
CREATE INDEX inventory_reservations_reference ON inventory_reservations (reference);
