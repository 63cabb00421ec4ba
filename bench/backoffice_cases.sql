-- Fills a fresh store (migrated, nothing in it) with :n submissions to the
-- commune, as a commune's back office holds them after two years: each a
-- case of one of the commune's eight procedures, submitted between
-- 2024-12-01 and 2026-12-01 (ids in submission order), by :n / 4 persons
-- (four each, in their private spaces). The older a case, the likelier it
-- is closed (completed or rejected, with the decision in its timeline);
-- open ones stand in one of their procedure's other statuses, most of them
-- assigned to one of twelve agents, some waiting for the person's answer
-- to a request (every one in waiting_for_information). Each case's
-- timeline, log, revision, the person's overview row and the commune's
-- event feed say the same as the case; the triggers keep the counts.
-- Bench filler only: the persons' national ids start with 8 (no generated
-- person holds one), receipts are not signed, and the statuses come from
-- procedures/*.json (run from the repository's root: readfile()).
.bail on
.timeout 10000
PRAGMA cache_size = -1048576;
BEGIN;

-- The commune's procedures, by how often a commune sees each (per cent).
CREATE TEMP TABLE bench_procedure (id TEXT PRIMARY KEY, lo INTEGER, hi INTEGER, open_statuses INTEGER);
WITH v(k, id, w) AS (VALUES
	(1, 'certificate-of-residence', 30), (2, 'change-of-address', 20), (3, 'declaration-of-arrival', 15),
	(4, 'residents-parking-permit', 12), (5, 'bulky-waste-collection', 10), (6, 'dog-registration', 6),
	(7, 'building-permit', 4), (8, 'marriage-banns', 3))
INSERT INTO bench_procedure (id, lo, hi) SELECT id, sum(w) OVER (ORDER BY k) - w, sum(w) OVER (ORDER BY k) FROM v;
-- Their statuses as the definitions list them; the open ones numbered.
CREATE TEMP TABLE bench_status AS
	SELECT p.id AS procedure_id, s.value AS status, s.value IN ('completed', 'rejected') AS final,
	       row_number() OVER (PARTITION BY p.id, s.value IN ('completed', 'rejected') ORDER BY s.key) - 1 AS rank
	FROM bench_procedure p, json_each(readfile('procedures/' || p.id || '.json'), '$.statuses') s;
UPDATE bench_procedure SET open_statuses =
	(SELECT count(*) FROM bench_status s WHERE s.procedure_id = bench_procedure.id AND NOT s.final);

-- The commune's agents (valid national ids of the identity provider's demo
-- persons, so that one can log in): Anne Hoffmann administers it.
CREATE TEMP TABLE bench_agent (k INTEGER PRIMARY KEY, national_id TEXT, role TEXT);
INSERT INTO bench_agent VALUES (0, '1990072117589', 'admin'), (1, '1981053021216', 'supervisor'),
	(2, '1995010924986', 'handler'), (3, '1968091728657', 'handler'), (4, '2001122432396', 'handler'),
	(5, '1979040336063', 'handler'), (6, '1988081139739', 'handler'), (7, '1963100550888', 'handler'),
	(8, '1992031954580', 'handler'), (9, '1999090158289', 'handler'), (10, '1984121261978', 'handler'),
	(11, '1976052373085', 'handler');
INSERT INTO org_agents (org_id, national_id, role, added_at_us)
	SELECT 'commune', national_id, role, 1733011200000000 FROM bench_agent;

-- One row per case with everything drawn for it. x and y are two hashes of
-- the id, so that a rerun draws the same store: multiply, xor-shift,
-- multiply (by less than 2^31: nothing overflows 64 bits), xor-shift;
-- SQLite has no ^, and a ^ b = (a | b) - (a & b).
CREATE TEMP TABLE bench_case AS
WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < :n),
mixed AS (
	SELECT i, 1733011200000000 + (i - 1) * (63072000000000 / :n) AS t,
	       (i * 2654435761) % 4294967296 AS a, (i * 2246822519 + 374761393) % 4294967296 AS b FROM seq),
hashed AS (
	SELECT i, t, ((a | (a >> 16)) - (a & (a >> 16))) * 73244475 % 4294967296 AS a,
	       ((b | (b >> 16)) - (b & (b >> 16))) * 295559667 % 4294967296 AS b FROM mixed),
drawn AS (
	SELECT i, t, (a | (a >> 16)) - (a & (a >> 16)) AS x, (b | (b >> 16)) - (b & (b >> 16)) AS y,
	       (1796083200000000 - t) / 86400000000 AS age_days FROM hashed),
decided AS (
	SELECT d.*, p.id AS procedure_id, p.open_statuses,
	       x / 100 % 100 < (CASE WHEN age_days > 365 THEN 98 WHEN age_days > 90 THEN 80
				    WHEN age_days > 14 THEN 40 ELSE 5 END) AS final
	FROM drawn d JOIN bench_procedure p ON d.x % 100 >= p.lo AND d.x % 100 < p.hi),
placed AS (
	SELECT d.*, s.status,
	       CASE WHEN d.final THEN y % 100 < 95 WHEN s.status = 'submitted' THEN y % 100 < 20 ELSE y % 100 < 75 END
		       AS assigned,
	       NOT d.final AND s.status <> 'submitted' AND (s.status = 'waiting_for_information' OR y / 100 % 100 < 6)
		       AS waiting
	FROM decided d JOIN bench_status s ON s.procedure_id = d.procedure_id AND s.final = d.final
	 AND s.rank = CASE WHEN d.final THEN (d.x / 10000 % 100 >= 85)
			   WHEN d.age_days < 3 THEN 0 ELSE d.x / 10000 % d.open_statuses END)
SELECT i, t, procedure_id, status, final, waiting,
       CAST(strftime('%Y', t / 1000000 + 3600, 'unixepoch') AS INTEGER) AS year,  -- Luxembourg's year: CET at New Year
       (i - 1) % max(1, :n / 4) + 1 AS person,
       CASE WHEN assigned THEN (SELECT national_id FROM bench_agent WHERE k = 1 + y / 10000 % 11) END AS assignee,
       -- the move to the status: 10 % to 60 % of the time since submission
       CASE WHEN status <> 'submitted' THEN t + (1796083200000000 - t) / 100 * (10 + y / 1000000 % 50) END AS moved_at
FROM placed;
CREATE TEMP TABLE bench_reference AS
	SELECT i, printf('%04d-GX-%06d', year, row_number() OVER (PARTITION BY year ORDER BY i)) AS reference
	FROM bench_case;

-- The persons, their spaces and memberships (ids 1 to :n / 4).
WITH RECURSIVE seq(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM seq WHERE k < max(1, :n / 4))
INSERT INTO persons (id, national_id, given_name, family_name, created_at_us, last_login_at_us)
	SELECT k, printf('8%012d', k), 'Bench', printf('Person %d', k), 1733011200000000, 1733011200000000 FROM seq;
INSERT INTO spaces (id, kind, owner_person_id, created_at_us)
	SELECT id, 'private', id, created_at_us FROM persons WHERE national_id GLOB '8*';
INSERT INTO space_members (space_id, person_id, role)
	SELECT id, id, 'owner' FROM persons WHERE national_id GLOB '8*';

-- The submissions (their overview rows by trigger) and their first event.
INSERT INTO submissions (id, space_id, reference, procedure_id, procedure_version, organisation, data, receipt,
			 signature, submitted_at_us)
	SELECT c.i, c.person, r.reference, c.procedure_id, 1, 'commune', json_object('note', 'Bench case ' || c.i),
	       json_object('type', 'guichet-receipt/1', 'reference', r.reference, 'procedure_version', 1,
			   'procedure', c.procedure_id, 'organisation', 'commune',
			   'submitted_at', strftime('%Y-%m-%dT%H:%M:%SZ', c.t / 1000000, 'unixepoch'),
			   'data_sha256', printf('%064d', 0)),
	       'unsigned', c.t
	FROM bench_case c JOIN bench_reference r USING (i) ORDER BY c.i;
INSERT INTO submission_events (submission_id, seq, at_us, status, message)
	SELECT i, 1, t, 'submitted', NULL FROM bench_case ORDER BY i;
INSERT INTO reference_counters (year, last)
	SELECT year, count(*) FROM bench_case GROUP BY year
	ON CONFLICT (year) DO UPDATE SET last = max(last, excluded.last);

-- The cases (case_counts by trigger) and what moved them: the status with
-- its timeline entry (a decision for a closed case), the assignment in the
-- case's log, and a request to the person for those waiting.
INSERT INTO cases (submission_id, org_id, procedure_id, reference, status, turn, final, assignee, open_request,
		   revision, submitted_at_us, updated_at_us)
	SELECT c.i, 'commune', c.procedure_id, r.reference, c.status, 'organisation', c.final, c.assignee, NULL,
	       1 + (c.moved_at IS NOT NULL) + (c.assignee IS NOT NULL) + c.waiting, c.t,
	       coalesce(c.moved_at + c.waiting * 3600000000, c.t + (c.assignee IS NOT NULL) * 600000000)
	FROM bench_case c JOIN bench_reference r USING (i) ORDER BY c.i;
INSERT INTO submission_events (submission_id, seq, at_us, status, message, kind, actor, detail)
	SELECT i, 2, moved_at, status, NULL, CASE WHEN final THEN 'decision' ELSE 'status' END,
	       '{"kind":"agent","org":"commune","role":"handler"}',
	       CASE WHEN final AND status = 'completed' THEN '{"text":"Your request is granted."}'
		    WHEN final THEN '{"text":"Your request does not meet the conditions."}' END
	FROM bench_case WHERE moved_at IS NOT NULL ORDER BY i;
INSERT INTO submission_events (submission_id, seq, at_us, status, message, kind, actor, detail)
	SELECT i, 3, moved_at + 3600000000, status, NULL, 'request', '{"kind":"agent","org":"commune","role":"handler"}',
	       '{"question":"Please send a copy of your identity card.","files":1}'
	FROM bench_case WHERE waiting ORDER BY i;
INSERT INTO case_log (submission_id, seq, at_us, kind, author, detail)
	SELECT i, 1, coalesce(moved_at, t + 600000000), 'assigned', '1981053021216', json_object('to', assignee)
	FROM bench_case WHERE assignee IS NOT NULL ORDER BY i;
-- The person's turn (by the trigger, "action needed" in their overview).
UPDATE cases SET turn = 'person', open_request = 3
	WHERE submission_id IN (SELECT i FROM bench_case WHERE waiting);

-- The commune's event feed: each submission as it came.
INSERT INTO org_events (org_id, seq, at_us, kind, submission_id, data)
	SELECT 'commune', c.i, c.t, 'submission.new', c.i, json_object('reference', r.reference, 'procedure', c.procedure_id)
	FROM bench_case c JOIN bench_reference r USING (i) ORDER BY c.i;
INSERT INTO org_event_counters (org_id, last) VALUES ('commune', :n)
	ON CONFLICT (org_id) DO UPDATE SET last = excluded.last;
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
