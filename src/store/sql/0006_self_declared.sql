-- Data the person declared themselves in "my data" (phone, e-mail, IBAN,
-- preferred language …): one value per attribute, kept apart from the
-- registers' authentic data. It prefills the procedure fields mapped to it
-- ({"self": "phone"}). Deleting a row is the person's own choice.
CREATE TABLE self_declared (
	person_id INTEGER NOT NULL REFERENCES persons (id),
	attribute TEXT NOT NULL,
	value TEXT NOT NULL,
	updated_at_us INTEGER NOT NULL,
	PRIMARY KEY (person_id, attribute)
) WITHOUT ROWID;
