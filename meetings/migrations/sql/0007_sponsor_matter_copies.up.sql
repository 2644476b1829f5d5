-- A sponsorship carries its matter's last_action_date and withdrawal, so that a member's sponsorships are
-- read newest first from one index. The triggers keep the copies equal whoever writes the matter or the
-- sponsorship (the sync's statements, the admin, the demo's COPY).

UPDATE meetings_mattersponsor s
   SET matter_last_action_date = m.last_action_date,
       matter_withdrawn = m.removed_upstream_at IS NOT NULL
  FROM meetings_matter m
 WHERE m.id = s.matter_id;

CREATE FUNCTION meetings_sponsor_copy_matter() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT m.last_action_date, m.removed_upstream_at IS NOT NULL
      INTO NEW.matter_last_action_date, NEW.matter_withdrawn
      FROM meetings_matter m
     WHERE m.id = NEW.matter_id;
    RETURN NEW;
END $$;

CREATE TRIGGER mattersponsor_copy_matter
BEFORE INSERT OR UPDATE OF matter_id ON meetings_mattersponsor
FOR EACH ROW EXECUTE FUNCTION meetings_sponsor_copy_matter();

CREATE FUNCTION meetings_matter_to_sponsors() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE meetings_mattersponsor
       SET matter_last_action_date = NEW.last_action_date,
           matter_withdrawn = NEW.removed_upstream_at IS NOT NULL
     WHERE matter_id = NEW.id;
    RETURN NULL;
END $$;

CREATE TRIGGER matter_to_sponsors
AFTER UPDATE OF last_action_date, removed_upstream_at ON meetings_matter
FOR EACH ROW
WHEN (OLD.last_action_date IS DISTINCT FROM NEW.last_action_date
      OR (OLD.removed_upstream_at IS NULL) <> (NEW.removed_upstream_at IS NULL))
EXECUTE FUNCTION meetings_matter_to_sponsors();
