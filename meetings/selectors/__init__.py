"""Reads of meetings' tables: meetings and agendas (`meetings`), legislation (`matters`), bodies (`bodies`),
attendance and sponsorships of a member (`members`). Each names the index it relies on; none queries in a loop."""
