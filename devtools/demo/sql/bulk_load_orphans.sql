-- Rows of one city, loaded with foreign-key triggers off, whose parent is missing or in another
-- city. Set-based (hash anti-joins), so checking a whole city costs less than per-row triggers.
-- Any count above zero aborts the load (the transaction rolls back).
SELECT
    (SELECT count(*) FROM votes_membervote mv
      WHERE mv.city_id = %(city_id)s
        AND NOT EXISTS (SELECT 1 FROM votes_vote v
                         WHERE v.id = mv.vote_id AND v.city_id = mv.city_id AND v.meeting_date = mv.meeting_date))
  + (SELECT count(*) FROM votes_membervote mv
      WHERE mv.city_id = %(city_id)s
        AND NOT EXISTS (SELECT 1 FROM cities_councilmember m WHERE m.id = mv.member_id AND m.city_id = mv.city_id))
  + (SELECT count(*) FROM votes_vote v
      WHERE v.city_id = %(city_id)s
        AND NOT EXISTS (SELECT 1 FROM meetings_agendaitem i WHERE i.id = v.agenda_item_id AND i.city_id = v.city_id))
  + (SELECT count(*) FROM meetings_agendaitem i
      WHERE i.city_id = %(city_id)s
        AND NOT EXISTS (SELECT 1 FROM meetings_meeting m WHERE m.id = i.meeting_id AND m.city_id = i.city_id))
  + (SELECT count(*) FROM meetings_document d
      WHERE d.city_id = %(city_id)s
        AND NOT EXISTS (SELECT 1 FROM meetings_agendaitem i WHERE i.id = d.agenda_item_id AND i.city_id = d.city_id))
  + (SELECT count(*) FROM meetings_agendaitem i
      WHERE i.city_id = %(city_id)s AND i.matter_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM meetings_matter m WHERE m.id = i.matter_id AND m.city_id = i.city_id))
  + (SELECT count(*) FROM meetings_mattersponsor s
      WHERE s.city_id = %(city_id)s
        AND NOT EXISTS (SELECT 1 FROM meetings_matter m WHERE m.id = s.matter_id AND m.city_id = s.city_id))
  + (SELECT count(*) FROM meetings_matteraction a
      WHERE a.city_id = %(city_id)s
        AND NOT EXISTS (SELECT 1 FROM meetings_matter m WHERE m.id = a.matter_id AND m.city_id = a.city_id))
  + (SELECT count(*) FROM meetings_matteraction a
      WHERE a.city_id = %(city_id)s AND a.agenda_item_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM meetings_agendaitem i WHERE i.id = a.agenda_item_id AND i.city_id = a.city_id))
  + (SELECT count(*) FROM meetings_attendance t
      WHERE t.city_id = %(city_id)s
        AND NOT EXISTS (SELECT 1 FROM meetings_meeting m WHERE m.id = t.meeting_id AND m.city_id = t.city_id))
  AS orphans;
