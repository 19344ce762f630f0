-- Articles: one row per ingested report. data holds the JSON of news.Article without its text.
CREATE TABLE articles (
	seq       INTEGER PRIMARY KEY AUTOINCREMENT,
	id        TEXT NOT NULL UNIQUE,
	hash      TEXT NOT NULL,
	title     TEXT NOT NULL DEFAULT '',
	text      TEXT NOT NULL,
	published TEXT NOT NULL DEFAULT '',
	data      TEXT NOT NULL
);
CREATE INDEX articles_hash ON articles(hash);

CREATE VIRTUAL TABLE articles_fts USING fts5(
	title, text, content='articles', content_rowid='seq',
	tokenize='unicode61 remove_diacritics 2'
);

CREATE TABLE stories (
	id      TEXT PRIMARY KEY,
	data    TEXT NOT NULL,
	profile BLOB,
	version INTEGER NOT NULL,
	updated TEXT NOT NULL
);
CREATE INDEX stories_updated ON stories(updated);

-- Membership: an article belongs to at most one story.
CREATE TABLE story_articles (
	article_id TEXT PRIMARY KEY REFERENCES articles(id),
	story_id   TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
	pos        INTEGER NOT NULL
);
CREATE INDEX story_articles_story ON story_articles(story_id, pos);

CREATE TABLE relations (
	story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
	pos      INTEGER NOT NULL,
	data     TEXT NOT NULL,
	PRIMARY KEY (story_id, pos)
);

-- Inverted index for candidate lookup: (space, key) -> owners.
CREATE TABLE index_keys (
	space TEXT NOT NULL,
	key   TEXT NOT NULL,
	owner TEXT NOT NULL,
	PRIMARY KEY (space, key, owner)
) WITHOUT ROWID;
-- owner first: an index led by space would tempt the planner to scan a whole
-- key space for GROUP BY owner instead of seeking the primary key.
CREATE INDEX index_keys_owner ON index_keys(owner, space);

CREATE TABLE analyses (
	article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	stage      TEXT NOT NULL,
	data       BLOB NOT NULL,
	PRIMARY KEY (article_id, stage)
) WITHOUT ROWID;

CREATE TABLE counters (
	prefix TEXT PRIMARY KEY,
	n      INTEGER NOT NULL
);

-- Named blobs: process-wide state such as the clusterer's term statistics.
CREATE TABLE meta (
	key  TEXT PRIMARY KEY,
	data BLOB NOT NULL
);
