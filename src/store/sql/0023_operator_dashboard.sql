-- The operator dashboard (docs/dashboard.md).

-- Platform operators: persons, by national id (named before their first
-- login, like organisations' agents), who may open /operator. Given and
-- taken with guichetctl operators add|remove.
CREATE TABLE platform_operators (
	national_id TEXT PRIMARY KEY CHECK (length(national_id) = 13),
	added_at_us INTEGER NOT NULL
) WITHOUT ROWID;

-- The dashboard's figures: one row per sample (every operator.sample_interval_s,
-- a minute by default) per series, label and guichetd instance. series names
-- a figure ("submissions", "prefill.p99_us", ...), label what it is about (an
-- organisation's or a register's id; "" for none), never a person. Counts
-- are of the interval; gauges as measured. Rows older than
-- operator.retention_days are deleted by the thread that writes them.
CREATE TABLE operator_samples (
	series TEXT NOT NULL CHECK (length(series) BETWEEN 1 AND 64),
	label TEXT NOT NULL CHECK (length(label) <= 64),
	instance TEXT NOT NULL CHECK (length(instance) <= 128),
	at_s INTEGER NOT NULL,             -- seconds since the epoch, a multiple of the interval
	value INTEGER NOT NULL,
	PRIMARY KEY (series, at_s, label, instance)
) WITHOUT ROWID;
CREATE INDEX operator_samples_at ON operator_samples (at_s);

-- The same rows by the hour, per series, label and instance: what the
-- charts of hours and days read (a month of one-minute rows is millions).
-- The sampler writes its hour again after each interval, from its rows.
CREATE TABLE operator_rollups (
	series TEXT NOT NULL CHECK (length(series) BETWEEN 1 AND 64),
	label TEXT NOT NULL CHECK (length(label) <= 64),
	instance TEXT NOT NULL CHECK (length(instance) <= 128),
	at_s INTEGER NOT NULL,             -- the hour's start, seconds since the epoch
	value_sum INTEGER NOT NULL,
	value_max INTEGER NOT NULL,
	samples INTEGER NOT NULL,          -- how many rows the hour had
	PRIMARY KEY (series, at_s, label, instance)
) WITHOUT ROWID;
CREATE INDEX operator_rollups_at ON operator_rollups (at_s);
