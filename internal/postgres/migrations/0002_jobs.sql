-- The ingest work queue (news.Queue). Workers claim with
-- SELECT ... FOR UPDATE SKIP LOCKED, so any number of them, on any number of
-- machines, take distinct jobs without blocking one another. A running job
-- whose lease expired (its worker died) is claimable again.
CREATE TABLE jobs (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	key         text COLLATE "C" NOT NULL UNIQUE,
	payload     bytea NOT NULL,
	state       text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
	attempts    integer NOT NULL DEFAULT 0,
	worker      text NOT NULL DEFAULT '',
	lease_until timestamptz,
	error       text NOT NULL DEFAULT '',
	created     timestamptz NOT NULL DEFAULT now(),
	updated     timestamptz NOT NULL DEFAULT now()
);
-- Only unfinished jobs are indexed for Claim, so the index stays small
-- however many done jobs accumulate.
CREATE INDEX jobs_open ON jobs (id) WHERE state IN ('queued', 'running');
-- Expired leases are found without walking the queued jobs.
CREATE INDEX jobs_lease ON jobs (lease_until) WHERE state = 'running';
-- Done jobs are updated once and never again; leave room for HOT updates
-- and vacuum the hot table often (see docs/DEPLOY.md).
ALTER TABLE jobs SET (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.02);
