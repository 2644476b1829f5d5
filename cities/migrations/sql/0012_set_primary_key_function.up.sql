-- set_primary_key(target, key_columns, kept_unique): makes key_columns the primary key of target.
--
-- A foreign key is tied to the very index it was checked against. So the foreign keys that use the old
-- primary key, or a unique constraint on exactly the new key's columns (which the new key replaces), are
-- dropped first and re-created afterwards from their own definitions (pg_get_constraintdef): their columns,
-- ON DELETE rules and deferrability stay as they were. Any other foreign key onto the table is left alone.
-- kept_unique, for the way back, names a UNIQUE (id, city_id) constraint to re-create beside the new key.
CREATE FUNCTION set_primary_key(target regclass, key_columns text[], kept_unique text DEFAULT NULL)
RETURNS void LANGUAGE plpgsql AS $function$
DECLARE
    replaced_names text[];
    replaced_indexes oid[];
    referencing record;
    restore text[] := '{}';
    statement text;
BEGIN
    SELECT array_agg(conname::text), array_agg(conindid) INTO replaced_names, replaced_indexes
    FROM pg_constraint
    WHERE conrelid = target AND conparentid = 0 AND (
        contype = 'p' OR (
            contype = 'u'
            AND (SELECT array_agg(attname::text ORDER BY attname) FROM pg_attribute
                 WHERE attrelid = target AND attnum = ANY (conkey))
                = (SELECT array_agg(c ORDER BY c) FROM unnest(key_columns) AS c)
        )
    );
    FOR referencing IN
        SELECT conrelid::regclass AS source, conname, pg_get_constraintdef(oid) AS definition
        FROM pg_constraint
        WHERE contype = 'f' AND confrelid = target AND conparentid = 0 AND conindid = ANY (replaced_indexes)
    LOOP
        restore := restore || format('ALTER TABLE %s ADD CONSTRAINT %I %s',
                                     referencing.source, referencing.conname, referencing.definition);
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', referencing.source, referencing.conname);
    END LOOP;
    FOREACH statement IN ARRAY replaced_names LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', target, statement);
    END LOOP;
    EXECUTE format('ALTER TABLE %s ADD PRIMARY KEY (%s)', target,
                   (SELECT string_agg(quote_ident(c), ', ') FROM unnest(key_columns) AS c));
    IF kept_unique IS NOT NULL THEN
        EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I UNIQUE (id, city_id)', target, kept_unique);
    END IF;
    FOREACH statement IN ARRAY restore LOOP
        EXECUTE statement;
    END LOOP;
END
$function$;
