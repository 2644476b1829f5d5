ALTER TABLE cities_term DROP CONSTRAINT IF EXISTS term_member_same_city;
