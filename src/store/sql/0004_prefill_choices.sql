-- The person's Yes/No to prefilling from each register. No row: Yes (the
-- register is asked); a row with allowed = 0: No, the register is never asked.
CREATE TABLE prefill_choices (
	person_id INTEGER NOT NULL REFERENCES persons (id),
	register TEXT NOT NULL,
	allowed INTEGER NOT NULL CHECK (allowed IN (0, 1)),
	changed_at_us INTEGER NOT NULL,
	PRIMARY KEY (person_id, register)
) WITHOUT ROWID;
