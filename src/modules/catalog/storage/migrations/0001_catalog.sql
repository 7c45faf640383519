-- Catalog tables. Typed columns for what is queried, joined or constrained; `doc` (JSON text)
-- holds the rest of the aggregate in the API's shapes (codec/catalog_json.hpp). Timestamps are
-- microseconds since the epoch (BIGINT) so they sort and compare exactly on both databases.
CREATE TABLE catalog_catalogs (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  is_virtual INTEGER NOT NULL,
  doc TEXT NOT NULL,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  modified_at BIGINT NOT NULL,
  modified_by TEXT NOT NULL
);
CREATE INDEX catalog_catalogs_name ON catalog_catalogs (name);

-- path: the ids from the root down to the category, "/root/child/self/"; depth 0 for roots.
CREATE TABLE catalog_categories (
  id TEXT PRIMARY KEY,
  catalog_id TEXT NOT NULL,
  parent_id TEXT,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  is_active INTEGER NOT NULL,
  priority BIGINT NOT NULL,
  path TEXT NOT NULL,
  depth INTEGER NOT NULL,
  doc TEXT NOT NULL,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  modified_at BIGINT NOT NULL,
  modified_by TEXT NOT NULL,
  CONSTRAINT catalog_categories_code_key UNIQUE (catalog_id, code)
);
CREATE INDEX catalog_categories_parent ON catalog_categories (catalog_id, parent_id);
CREATE INDEX catalog_categories_path ON catalog_categories (path);
CREATE INDEX catalog_categories_modified ON catalog_categories (modified_at);

CREATE TABLE catalog_products (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL,
  catalog_id TEXT NOT NULL,
  category_id TEXT,
  main_product_id TEXT,
  name TEXT NOT NULL,
  is_active INTEGER,
  priority BIGINT,
  doc TEXT NOT NULL,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  modified_at BIGINT NOT NULL,
  modified_by TEXT NOT NULL,
  CONSTRAINT catalog_products_code_key UNIQUE (code)
);
CREATE INDEX catalog_products_catalog ON catalog_products (catalog_id, name);
CREATE INDEX catalog_products_category ON catalog_products (category_id);
CREATE INDEX catalog_products_main ON catalog_products (main_product_id);
CREATE INDEX catalog_products_modified ON catalog_products (modified_at);

CREATE TABLE catalog_properties (
  id TEXT PRIMARY KEY,
  catalog_id TEXT NOT NULL,
  category_id TEXT,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  value_type TEXT NOT NULL,
  doc TEXT NOT NULL,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  modified_at BIGINT NOT NULL,
  modified_by TEXT NOT NULL,
  CONSTRAINT catalog_properties_name_key UNIQUE (catalog_id, name)
);
CREATE INDEX catalog_properties_category ON catalog_properties (category_id);

CREATE TABLE catalog_dictionary_items (
  id TEXT PRIMARY KEY,
  property_id TEXT NOT NULL,
  alias TEXT NOT NULL,
  sort_order BIGINT NOT NULL,
  doc TEXT NOT NULL,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  modified_at BIGINT NOT NULL,
  modified_by TEXT NOT NULL,
  CONSTRAINT catalog_dictionary_items_alias_key UNIQUE (property_id, alias)
);

-- category_key: the category id, or '' for the catalog root (so the UNIQUE holds for roots).
CREATE TABLE catalog_links (
  id TEXT PRIMARY KEY,
  catalog_id TEXT NOT NULL,
  category_id TEXT,
  category_key TEXT NOT NULL,
  entry_type TEXT NOT NULL,
  entry_id TEXT NOT NULL,
  priority BIGINT NOT NULL,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  modified_at BIGINT NOT NULL,
  modified_by TEXT NOT NULL,
  CONSTRAINT catalog_links_entry_key UNIQUE (catalog_id, category_key, entry_type, entry_id)
);
CREATE INDEX catalog_links_entry ON catalog_links (entry_id);
CREATE INDEX catalog_links_category ON catalog_links (category_id);

-- SEO infos of any object. store_key / language_key: the store id / language code or '';
-- slug_key: the lower-cased semantic URL. A slug is unique per store and language.
CREATE TABLE catalog_seo_infos (
  id TEXT PRIMARY KEY,
  object_type TEXT NOT NULL,
  object_id TEXT NOT NULL,
  catalog_id TEXT,
  semantic_url TEXT NOT NULL,
  slug_key TEXT NOT NULL,
  store_key TEXT NOT NULL,
  language_key TEXT NOT NULL,
  page_title TEXT,
  meta_description TEXT,
  meta_keywords TEXT,
  image_alt_description TEXT,
  is_active INTEGER NOT NULL,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  modified_at BIGINT NOT NULL,
  modified_by TEXT NOT NULL,
  CONSTRAINT catalog_seo_infos_slug_key UNIQUE (store_key, language_key, slug_key)
);
CREATE INDEX catalog_seo_infos_object ON catalog_seo_infos (object_id, object_type);

-- tags: JSON array text.
CREATE TABLE catalog_associations (
  id TEXT PRIMARY KEY,
  product_id TEXT NOT NULL,
  type TEXT NOT NULL,
  associated_object_id TEXT NOT NULL,
  associated_object_type TEXT NOT NULL,
  priority BIGINT NOT NULL,
  quantity BIGINT,
  tags TEXT NOT NULL,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  modified_at BIGINT NOT NULL,
  modified_by TEXT NOT NULL,
  CONSTRAINT catalog_associations_key
    UNIQUE (product_id, type, associated_object_id, associated_object_type)
);
CREATE INDEX catalog_associations_target ON catalog_associations (associated_object_id);
