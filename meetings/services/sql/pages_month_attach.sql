-- The loaded month becomes the partition. ATTACH validates the parent's foreign keys with one
-- set-wise query each and skips the bounds scan thanks to the CHECK, which is then dropped.
ALTER TABLE {staging} RENAME TO {final};
ALTER TABLE meetings_meetingpage ATTACH PARTITION {final} FOR VALUES FROM ({lower}) TO ({upper});
ALTER TABLE {final} DROP CONSTRAINT {bounds};
ALTER TABLE {final} ALTER COLUMN id DROP DEFAULT;
