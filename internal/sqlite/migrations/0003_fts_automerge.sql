-- FTS5 merges its index segments once 8 of one level have piled up, not
-- the default 4: each posting is then rewritten at fewer levels as the
-- index grows. At 30k articles this cut the index's share of ingest CPU by
-- about 30% (docs/PERFORMANCE.md); a search reads at most twice as many
-- segments per level, which costs it little.
INSERT INTO articles_fts(articles_fts, rank) VALUES('automerge', 8);
