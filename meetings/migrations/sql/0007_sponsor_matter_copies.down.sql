DROP TRIGGER matter_to_sponsors ON meetings_matter;
DROP FUNCTION meetings_matter_to_sponsors();
DROP TRIGGER mattersponsor_copy_matter ON meetings_mattersponsor;
DROP FUNCTION meetings_sponsor_copy_matter();
