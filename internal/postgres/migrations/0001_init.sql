-- The same schema as the SQLite store (internal/sqlite/migrations), in
-- PostgreSQL's types. Identifiers and keys use the "C" collation so they sort
-- byte-wise, exactly as SQLite orders them, whatever the database's locale.

-- Accent folding for full-text search. unaccent() is only STABLE (it reads
-- its dictionary from the search path), so it cannot appear in a generated
-- column; this wrapper names the dictionary explicitly and is IMMUTABLE.
CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;

CREATE FUNCTION cc_unaccent(text) RETURNS text
	LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
	AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;

-- The search configuration used for snippets (ts_headline parses the stored
-- text again; with unaccent in its chain, "karins" highlights "Kariņš").
CREATE TEXT SEARCH CONFIGURATION cc_search (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION cc_search
	ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword, hword_numpart
	WITH public.unaccent, pg_catalog.simple;

-- Articles: one row per ingested report. data holds the JSON of news.Article
-- without its text (json, not jsonb: it keeps the bytes, \u0000 included).
CREATE TABLE articles (
	seq       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	id        text COLLATE "C" NOT NULL UNIQUE,
	hash      text COLLATE "C" NOT NULL,
	title     text NOT NULL DEFAULT '',
	text      text NOT NULL,
	published timestamptz,
	data      json NOT NULL,
	-- Title and the first 256 KiB of text, accent-folded, lower-cased, not
	-- stemmed: the same matching as SQLite's unicode61 remove_diacritics.
	fts       tsvector GENERATED ALWAYS AS (
		to_tsvector('simple', cc_unaccent(title || E'\n' || left(text, 262144)))
	) STORED
);
CREATE INDEX articles_hash ON articles (hash);
CREATE INDEX articles_fts ON articles USING gin (fts);

CREATE TABLE stories (
	id      text COLLATE "C" PRIMARY KEY,
	data    json NOT NULL,
	profile bytea,
	version bigint NOT NULL,
	updated timestamptz NOT NULL
);
CREATE INDEX stories_updated ON stories (updated DESC, id);

-- Membership: an article belongs to at most one story.
CREATE TABLE story_articles (
	article_id text COLLATE "C" PRIMARY KEY REFERENCES articles (id),
	story_id   text COLLATE "C" NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
	pos        integer NOT NULL
);
CREATE INDEX story_articles_story ON story_articles (story_id, pos);

CREATE TABLE relations (
	story_id text COLLATE "C" NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
	pos      integer NOT NULL,
	data     json NOT NULL,
	PRIMARY KEY (story_id, pos)
);

-- Inverted index for candidate lookup: (space, key) -> owners. The primary
-- key serves Lookup (an index range per key); the second index serves
-- PutKeys' replacement of one owner's keys.
CREATE TABLE index_keys (
	space text COLLATE "C" NOT NULL,
	key   text COLLATE "C" NOT NULL,
	owner text COLLATE "C" NOT NULL,
	PRIMARY KEY (space, key, owner)
);
CREATE INDEX index_keys_owner ON index_keys (space, owner);

CREATE TABLE analyses (
	article_id text COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	stage      text COLLATE "C" NOT NULL,
	data       bytea NOT NULL,
	PRIMARY KEY (article_id, stage)
);

CREATE TABLE counters (
	prefix text COLLATE "C" PRIMARY KEY,
	n      bigint NOT NULL
);

-- Named blobs: process-wide state such as the clusterer's term statistics.
CREATE TABLE meta (
	key  text COLLATE "C" PRIMARY KEY,
	data bytea NOT NULL
);
