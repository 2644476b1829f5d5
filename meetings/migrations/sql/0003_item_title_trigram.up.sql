-- Title search within a city ("title contains ...") on the resident pages and in member records.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS item_title_trgm_idx ON meetings_agendaitem USING gin (title gin_trgm_ops);
