DROP TABLE IF EXISTS cities_auditentry CASCADE;
