-- Pricing tables. Every field of a price list and a price is a typed column: prices are the
-- module's big table (millions of rows), queried by product and list and checked for
-- overlapping windows, so no JSON document is parsed on the evaluation path. Amounts are the
-- platform Decimal's raw scaled integer (1 = 0.0001), timestamps microseconds since the epoch.
-- An assignment keeps its condition tree as JSON text (`conditions`): it is only read whole,
-- by the evaluator's in-memory cache.
CREATE TABLE pricing_price_lists (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT,
  currency TEXT NOT NULL,
  outer_id TEXT,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  modified_at BIGINT NOT NULL,
  modified_by TEXT NOT NULL,
  CONSTRAINT pricing_price_lists_name_key UNIQUE (name)
);

CREATE TABLE pricing_prices (
  id TEXT PRIMARY KEY,
  price_list_id TEXT NOT NULL,
  product_id TEXT NOT NULL,
  list_amount BIGINT NOT NULL,
  sale_amount BIGINT,
  min_quantity BIGINT NOT NULL,
  start_date BIGINT,
  end_date BIGINT,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  modified_at BIGINT NOT NULL,
  modified_by TEXT NOT NULL
);
-- Covers the evaluation query (storage::FindPricesFor reads only these columns), so it is
-- answered from the index alone; also serves the overlap check (product, list, minQuantity).
CREATE INDEX pricing_prices_product ON pricing_prices (product_id, price_list_id, min_quantity,
  start_date, end_date, list_amount, sale_amount);
CREATE INDEX pricing_prices_list ON pricing_prices (price_list_id, product_id);

CREATE TABLE pricing_assignments (
  id TEXT PRIMARY KEY,
  price_list_id TEXT NOT NULL,
  catalog_id TEXT,
  store_id TEXT,
  name TEXT NOT NULL,
  description TEXT,
  priority BIGINT NOT NULL,
  start_date BIGINT,
  end_date BIGINT,
  is_active INTEGER NOT NULL,
  conditions TEXT NOT NULL,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  modified_at BIGINT NOT NULL,
  modified_by TEXT NOT NULL
);
CREATE INDEX pricing_assignments_list ON pricing_assignments (price_list_id);
