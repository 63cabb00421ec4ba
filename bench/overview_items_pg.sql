-- PostgreSQL's twin of bench/overview_items.sql (psql -v n=ITEMS): a
-- company's professional space (id 1000000, "B9999999") holding :n items,
-- a fifth drafts, the rest submissions of three procedures over two years,
-- the older the likelier completed or rejected, some waiting for the
-- company's answer. The triggers of migrations 0007, 0011 and 0019 keep
-- space_items and space_item_counts as they would. Bench filler only.
--
-- Run once per chunk of items :lo..:hi (psql -v n=N -v lo=.. -v hi=..
-- -v first=true|false -v last=true|false), each chunk its own transaction:
-- the triggers update the same few rows of space_item_counts for every
-- item, and within one transaction PostgreSQL keeps every version of a row
-- (a chain walked on each update), so one transaction of 100,000 items
-- takes time quadratic in their number; chunks of 5,000 keep it linear.
\set ON_ERROR_STOP on
BEGIN;
\if :first
INSERT INTO spaces (id, kind, owner_person_id, created_at_us, company_number, name)
	VALUES (1000000, 'professional', NULL, 1700000000000000, 'B9999999', 'Bench Company SA');
\endif
CREATE TEMP TABLE bench_item AS
	SELECT k, 1733011200000000 + k * (63072000000000 / :n) AS at_us,
	       CASE k % 3 WHEN 0 THEN 'vat-registration' WHEN 1 THEN 'business-permit' ELSE 'building-permit' END AS procedure_id,
	       CASE k % 3 WHEN 0 THEN 'aed' WHEN 1 THEN 'mecdt' ELSE 'commune' END AS org,
	       k % 5 = 0 AS draft,
	       (k * 2654435761 % 4294967296) * 1.0 / 4294967296 AS r
	FROM generate_series(:lo, :hi) AS k;
INSERT INTO drafts (id, space_id, procedure_id, procedure_version, data, provenance, step, created_at_us, updated_at_us)
	SELECT k, 1000000, procedure_id, 1, '{}', '{}', 1, at_us, at_us FROM bench_item WHERE draft;
INSERT INTO submissions (id, space_id, reference, procedure_id, procedure_version, organisation, data, receipt, signature,
			 submitted_at_us)
	SELECT k, 1000000, format('2026-BX-%s', lpad(k::text, 7, '0')), procedure_id, 1, org, '{}', '{}', 'bench', at_us
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
COMMIT;
\if :last
BEGIN;
-- Some wait for the company's answer (an organisation asked).
UPDATE space_items SET action_needed = 1
	WHERE space_id = 1000000 AND kind = 'submission' AND status = 'in_processing' AND id % 13 = 0;
-- The identities the platform's own rows would have taken: past the bench's.
SELECT setval(pg_get_serial_sequence('drafts', 'id'), :n + 1);
SELECT setval(pg_get_serial_sequence('submissions', 'id'), :n + 1);
SELECT setval(pg_get_serial_sequence('spaces', 'id'), 1000001);
COMMIT;
ANALYZE;
SELECT kind, status, action_needed, n FROM space_item_counts WHERE space_id = 1000000 ORDER BY 1, 2, 3;
\endif
