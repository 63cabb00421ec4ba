-- PostgreSQL's dialect of bench/platform_population.sql (psql, with -v n=N):
-- :n persons who have logged in once, each with a private space, and one
-- past submission for every tenth of them (with its event and overview row,
-- as the triggers keep them). Bench filler only.
BEGIN;
INSERT INTO persons (national_id, given_name, family_name, created_at_us, last_login_at_us)
	SELECT '9' || lpad(i::text, 12, '0'), 'Bench', 'Person ' || i, 0, 0 FROM generate_series(1, :n) AS i;
INSERT INTO spaces (kind, owner_person_id, created_at_us)
	SELECT 'private', id, 0 FROM persons WHERE national_id LIKE '9%' ORDER BY id;
INSERT INTO space_members (space_id, person_id, role)
	SELECT id, owner_person_id, 'owner' FROM spaces WHERE owner_person_id IN
		(SELECT id FROM persons WHERE national_id LIKE '9%');
INSERT INTO submissions (space_id, reference, procedure_id, procedure_version, organisation, data, receipt,
                         signature, submitted_at_us)
	SELECT s.id, '2025-GX-' || lpad(s.id::text, 6, '0'), 'certificate-of-residence', 1, 'commune', '{}', '{}',
	       'unsigned', 1735689600000000 + s.id
	FROM spaces s JOIN persons p ON p.id = s.owner_person_id
	WHERE p.national_id LIKE '9%' AND s.id % 10 = 0;
INSERT INTO submission_events (submission_id, seq, at_us, status, message)
	SELECT id, 1, submitted_at_us, 'submitted', NULL FROM submissions WHERE reference LIKE '2025-GX-%';
COMMIT;
ANALYZE;
