DROP FUNCTION set_primary_key(regclass, text[], text);
