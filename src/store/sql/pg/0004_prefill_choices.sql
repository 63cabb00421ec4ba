-- The person's Yes/No to prefilling from each register. No row: Yes (the
-- register is asked); a row with allowed = 0: No, the register is never asked.
CREATE TABLE prefill_choices (
	person_id bigint NOT NULL REFERENCES persons (id),
	register text NOT NULL,
	allowed bigint NOT NULL CHECK (allowed IN (0, 1)),
	changed_at_us bigint NOT NULL,
	PRIMARY KEY (person_id, register)
);
