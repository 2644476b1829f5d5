CREATE INDEX CONCURRENTLY item_title_trgm_idx ON meetings_agendaitem USING gin (title gin_trgm_ops);
DROP INDEX CONCURRENTLY item_title_upper_trgm_idx;
CREATE INDEX CONCURRENTLY matter_title_trgm_idx ON meetings_matter USING gin (title gin_trgm_ops);
DROP INDEX CONCURRENTLY matter_title_upper_trgm_idx;
