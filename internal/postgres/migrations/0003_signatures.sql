-- Near-duplicate signatures: an append-only log of each article's LSH band
-- keys, as in the SQLite store. Every write runs under the placement lock
-- (DB.Update), so seqs grow in commit order and a worker catches up with
-- the entries after the last one it applied.
CREATE TABLE signatures (
	seq        bigserial PRIMARY KEY,
	article_id text COLLATE "C" NOT NULL,
	sig        bytea NOT NULL
);
DELETE FROM index_keys WHERE space = 'dup';
