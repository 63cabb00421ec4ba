-- Data the person declared themselves in "my data" (phone, e-mail, IBAN,
-- preferred language …): one value per attribute, kept apart from the
-- registers' authentic data. It prefills the procedure fields mapped to it
-- ({"self": "phone"}). Deleting a row is the person's own choice.
CREATE TABLE self_declared (
	person_id bigint NOT NULL REFERENCES persons (id),
	attribute text NOT NULL,
	value text NOT NULL,
	updated_at_us bigint NOT NULL,
	PRIMARY KEY (person_id, attribute)
);
