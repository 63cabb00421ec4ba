-- Fills the platform's store as at Luxembourg scale before a bench: :n
-- persons who have logged in once, each with a private space, and one past
-- submission for every tenth of them (with its event and overview row, as
-- the triggers keep them). Bench filler only: the names are placeholders,
-- the national ids start with 9 so no generated person can hold one, and
-- the past receipts are not signed.
.timeout 10000
BEGIN;
WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < :n)
INSERT INTO persons (national_id, given_name, family_name, created_at_us, last_login_at_us)
	SELECT printf('9%012d', i), 'Bench', printf('Person %d', i), 0, 0 FROM seq;
INSERT INTO spaces (kind, owner_person_id, created_at_us)
	SELECT 'private', id, 0 FROM persons WHERE national_id GLOB '9*';
INSERT INTO space_members (space_id, person_id, role)
	SELECT id, owner_person_id, 'owner' FROM spaces WHERE owner_person_id IN
		(SELECT id FROM persons WHERE national_id GLOB '9*');
INSERT INTO submissions (space_id, reference, procedure_id, procedure_version, organisation, data, receipt,
                         signature, submitted_at_us)
	SELECT s.id, printf('2025-GX-%06d', s.id), 'certificate-of-residence', 1, 'commune', '{}', '{}', 'unsigned',
	       1735689600000000 + s.id
	FROM spaces s JOIN persons p ON p.id = s.owner_person_id
	WHERE p.national_id GLOB '9*' AND s.id % 10 = 0;
INSERT INTO submission_events (submission_id, seq, at_us, status, message)
	SELECT id, 1, submitted_at_us, 'submitted', NULL FROM submissions WHERE reference GLOB '2025-GX-*';
COMMIT;
