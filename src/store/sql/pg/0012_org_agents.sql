-- The agents of public organisations: persons, by national id (so an agent
-- can be named before their first login), with a role in an organisation
-- (its id from procedures/organisations.json). Each role includes the one
-- before: handler (works cases), supervisor (also assigns and sees all),
-- admin (also manages the organisation's agents, clients, document types).
CREATE TABLE org_agents (
	org_id text NOT NULL,
	national_id text NOT NULL CHECK (length(national_id) = 13),
	role text NOT NULL CHECK (role IN ('handler', 'supervisor', 'admin')),
	added_at_us bigint NOT NULL,
	PRIMARY KEY (org_id, national_id)
);
CREATE INDEX org_agents_person ON org_agents (national_id, org_id);
