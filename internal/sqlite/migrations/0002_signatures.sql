-- Near-duplicate signatures: an append-only log of each article's LSH band
-- keys. The pipeline holds the most recent ones in memory (dedup.Index) and
-- catches up by seq; before, every article wrote 42 band keys into
-- index_keys, 42 random B-tree pages a commit had to write back.
CREATE TABLE signatures (
	seq        INTEGER PRIMARY KEY AUTOINCREMENT,
	article_id TEXT NOT NULL,
	sig        BLOB NOT NULL
);
-- The band keys move to the log; the pipeline fills it from the stored
-- articles' text on first use.
DELETE FROM index_keys WHERE space = 'dup';
