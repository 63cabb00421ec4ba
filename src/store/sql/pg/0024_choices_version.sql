-- A count of the person's prefill choices' changes, moved on in the same
-- transaction as every change (gx_store_prefill_choice_set). A session keeps
-- the person's No's with the version they were read at; prefill reads the
-- version with the person's row and uses the session's No's only while it
-- has not moved, so a No said on any instance counts on the next request.
ALTER TABLE persons ADD COLUMN choices_version bigint NOT NULL DEFAULT 0;
