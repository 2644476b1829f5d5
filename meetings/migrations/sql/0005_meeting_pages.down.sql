DROP TABLE IF EXISTS meetings_meetingpage CASCADE;
