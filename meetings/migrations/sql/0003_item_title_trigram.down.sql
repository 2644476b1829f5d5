DROP INDEX IF EXISTS item_title_trgm_idx;
