DROP MATERIALIZED VIEW IF EXISTS mv_member_voting_summary;
