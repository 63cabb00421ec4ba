-- Fills a fresh store (migrated, nothing in it) with a company's
-- professional space (id 1000000, "B9999999") holding :n items, as a large
-- company's overview holds them: a fifth drafts, the rest submissions of its
-- three procedures over two years, the older the likelier completed or
-- rejected, some waiting for its answer. The triggers of migration 0019 keep
-- space_items and the counts per status (space_item_counts) as they would.
-- Bench filler only: receipts are not signed; run from the repository's root.
.bail on
.timeout 10000
PRAGMA cache_size = -1048576;
BEGIN;
INSERT INTO spaces (id, kind, owner_person_id, created_at_us, company_number, name)
	VALUES (1000000, 'professional', NULL, 1700000000000000, 'B9999999', 'Bench Company SA');
CREATE TEMP TABLE bench_item AS
	WITH RECURSIVE i(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM i WHERE k < :n)
	SELECT k, 1733011200000000 + k * (63072000000000 / :n) AS at_us,
	       CASE k % 3 WHEN 0 THEN 'vat-registration' WHEN 1 THEN 'business-permit' ELSE 'building-permit' END AS procedure_id,
	       CASE k % 3 WHEN 0 THEN 'aed' WHEN 1 THEN 'mecdt' ELSE 'commune' END AS org,
	       k % 5 = 0 AS draft,
	       (k * 2654435761 % 4294967296) * 1.0 / 4294967296 AS r
	FROM i;
INSERT INTO drafts (id, space_id, procedure_id, procedure_version, data, provenance, step, created_at_us, updated_at_us)
	SELECT k, 1000000, procedure_id, 1, '{}', '{}', 1, at_us, at_us FROM bench_item WHERE draft;
INSERT INTO submissions (id, space_id, reference, procedure_id, procedure_version, organisation, data, receipt, signature,
			 submitted_at_us)
	SELECT k, 1000000, printf('2026-BX-%07d', k), procedure_id, 1, org, '{}', '{}', 'bench', at_us
	FROM bench_item WHERE NOT draft;
INSERT INTO submission_events (submission_id, seq, at_us, status)
	SELECT k, 1, at_us, 'submitted' FROM bench_item WHERE NOT draft;
-- Later statuses: the older, the likelier the case has ended.
INSERT INTO submission_events (submission_id, seq, at_us, status)
	SELECT k, 2, at_us + 86400000000,
	       CASE WHEN r < 0.8 * k / :n THEN 'in_processing'
		    WHEN r < 0.8 * (1 - k * 1.0 / :n) + 0.1 THEN (CASE WHEN k % 9 = 0 THEN 'rejected' ELSE 'completed' END)
		    ELSE 'received' END
	FROM bench_item WHERE NOT draft AND r < 0.9;
-- Some wait for the company's answer (an organisation asked).
UPDATE space_items SET action_needed = 1
	WHERE space_id = 1000000 AND kind = 'submission' AND status = 'in_processing' AND id % 13 = 0;
COMMIT;
SELECT kind, status, action_needed, n FROM space_item_counts WHERE space_id = 1000000 ORDER BY 1, 2, 3;
