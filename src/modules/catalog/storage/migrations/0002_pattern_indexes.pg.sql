-- PostgreSQL uses a b-tree for `LIKE 'prefix%'` only with the pattern operator class when the
-- database collation is not C; subtree queries match category paths by prefix.
CREATE INDEX catalog_categories_path_pattern ON catalog_categories (path text_pattern_ops);
