-- A team's lead is a person and a person's team is a team: the two tables reference each
-- other. Backups write tables in reference order and a restore loads them in one
-- transaction, so this one reference waits for the commit (restore defers it); the app's
-- own writes still check it at once (INITIALLY IMMEDIATE).
ALTER TABLE "team" ALTER CONSTRAINT "team_lead_id_person_id_fk" DEFERRABLE INITIALLY IMMEDIATE;
