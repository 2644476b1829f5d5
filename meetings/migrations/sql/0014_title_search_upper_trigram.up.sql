-- Title search (agenda items, the legislation list) is Django's icontains: UPPER(title) LIKE UPPER('%words%').
-- A trigram index on the column itself never serves that expression; one on UPPER(title) does, and ANALYZE
-- keeps statistics on the expression, so the planner knows how common the words are: a rare word is found
-- from this index, a common one by walking the list's own order until a page is full. Built CONCURRENTLY
-- (the migration is not atomic): the sync and the admin go on writing meanwhile.
CREATE INDEX CONCURRENTLY item_title_upper_trgm_idx ON meetings_agendaitem USING gin (upper(title) gin_trgm_ops);
DROP INDEX CONCURRENTLY item_title_trgm_idx;
CREATE INDEX CONCURRENTLY matter_title_upper_trgm_idx ON meetings_matter USING gin (upper(title) gin_trgm_ops);
DROP INDEX CONCURRENTLY matter_title_trgm_idx;
ANALYZE meetings_agendaitem;
ANALYZE meetings_matter;
