package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"
)

// A column kind of a copied table: how the SQLite value is read and which
// PostgreSQL array type carries it.
type colKind int

const (
	kText  colKind = iota // TEXT -> text
	kBytes                // BLOB -> bytea (NULL kept)
	kInt                  // INTEGER -> bigint
	kTime                 // TEXT (RFC 3339, "" = none) -> timestamptz
)

// copySpec copies one table: rows read in a stable order from SQLite and
// upserted into PostgreSQL in batches, so a second run changes nothing and
// an interrupted run can simply be repeated.
type copySpec struct {
	table string
	src   string
	kinds []colKind
	dst   string // $1..$n are the column arrays, in order
}

// copySpecs lists every table of the SQLite store, parents before children.
// The full-text index is not copied: PostgreSQL's is a generated column.
var copySpecs = []copySpec{
	{"articles", `SELECT id, hash, title, text, published, data FROM articles ORDER BY seq`,
		[]colKind{kText, kText, kText, kText, kTime, kText},
		`INSERT INTO articles (id, hash, title, text, published, data)
		SELECT id, hash, title, text, published, data::json FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[])
			AS r(id, hash, title, text, published, data)
		ON CONFLICT (id) DO UPDATE SET hash = excluded.hash, title = excluded.title, text = excluded.text,
			published = excluded.published, data = excluded.data`},
	{"stories", `SELECT id, data, profile, version, updated FROM stories ORDER BY id`,
		[]colKind{kText, kText, kBytes, kInt, kTime},
		`INSERT INTO stories (id, data, profile, version, updated)
		SELECT id, data::json, profile, version, updated FROM unnest($1::text[], $2::text[], $3::bytea[], $4::bigint[], $5::timestamptz[])
			AS r(id, data, profile, version, updated)
		ON CONFLICT (id) DO UPDATE SET data = excluded.data, profile = excluded.profile, version = excluded.version, updated = excluded.updated`},
	{"story_articles", `SELECT article_id, story_id, pos FROM story_articles ORDER BY story_id, pos`,
		[]colKind{kText, kText, kInt},
		`INSERT INTO story_articles (article_id, story_id, pos)
		SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
		ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id, pos = excluded.pos`},
	{"relations", `SELECT story_id, pos, data FROM relations ORDER BY story_id, pos`,
		[]colKind{kText, kInt, kText},
		`INSERT INTO relations (story_id, pos, data)
		SELECT story_id, pos, data::json FROM unnest($1::text[], $2::bigint[], $3::text[]) AS r(story_id, pos, data)
		ON CONFLICT (story_id, pos) DO UPDATE SET data = excluded.data`},
	{"analyses", `SELECT article_id, stage, data FROM analyses ORDER BY article_id, stage`,
		[]colKind{kText, kText, kBytes},
		`INSERT INTO analyses (article_id, stage, data)
		SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[])
		ON CONFLICT (article_id, stage) DO UPDATE SET data = excluded.data`},
	{"index_keys", `SELECT space, key, owner FROM index_keys ORDER BY space, key, owner`,
		[]colKind{kText, kText, kText},
		`INSERT INTO index_keys (space, key, owner)
		SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
		ON CONFLICT DO NOTHING`},
	// The log keeps its seqs (the order it was written in); the sequence
	// is moved past them after the copy.
	{"signatures", `SELECT seq, article_id, sig FROM signatures ORDER BY seq`,
		[]colKind{kInt, kText, kBytes},
		`INSERT INTO signatures (seq, article_id, sig)
		SELECT * FROM unnest($1::bigint[], $2::text[], $3::bytea[])
		ON CONFLICT (seq) DO UPDATE SET article_id = excluded.article_id, sig = excluded.sig`},
	// A counter never goes back: ids already handed out stay taken.
	{"counters", `SELECT prefix, n FROM counters ORDER BY prefix`,
		[]colKind{kText, kInt},
		`INSERT INTO counters (prefix, n)
		SELECT * FROM unnest($1::text[], $2::bigint[])
		ON CONFLICT (prefix) DO UPDATE SET n = GREATEST(counters.n, excluded.n)`},
	{"meta", `SELECT key, data FROM meta ORDER BY key`,
		[]colKind{kText, kBytes},
		`INSERT INTO meta (key, data)
		SELECT * FROM unnest($1::text[], $2::bytea[])
		ON CONFLICT (key) DO UPDATE SET data = excluded.data`},
}

// importBatch is how many rows one upsert carries.
const importBatch = 500

// TableCount is one table's row count in the source and in the target after
// an import.
type TableCount struct {
	Table  string `json:"table"`
	Source int64  `json:"source"`
	Target int64  `json:"target"`
}

// ImportSQLite copies every row of a crosscheck SQLite store into d:
// articles, analyses, stories with membership and profiles, relations,
// index keys, near-duplicate signatures, counters and meta. It is idempotent (rows are upserted by
// their keys), so an interrupted import is finished by running it again.
// At the end it counts every table on both sides and fails if they differ,
// which they do only if the target held other data or the copy lost rows.
// Run it with the workers stopped; src should be opened read-only.
func (d *DB) ImportSQLite(ctx context.Context, src *sql.DB, log *slog.Logger) ([]TableCount, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	for _, spec := range copySpecs {
		n, err := d.copyTable(ctx, src, spec)
		if err != nil {
			return nil, err
		}
		log.Info("copied", "table", spec.table, "rows", n)
	}
	if _, err := d.pool.Exec(ctx, `SELECT setval(pg_get_serial_sequence('signatures', 'seq'), COALESCE((SELECT max(seq) FROM signatures), 0) + 1, false)`); err != nil {
		return nil, fmt.Errorf("postgres: import: signature sequence: %w", err)
	}
	var counts []TableCount
	var bad []string
	for _, spec := range copySpecs {
		c := TableCount{Table: spec.table}
		if err := src.QueryRowContext(ctx, `SELECT count(*) FROM `+spec.table).Scan(&c.Source); err != nil {
			return nil, fmt.Errorf("postgres: import: count source %s: %w", spec.table, err)
		}
		if err := d.pool.QueryRow(ctx, `SELECT count(*) FROM `+spec.table).Scan(&c.Target); err != nil {
			return nil, fmt.Errorf("postgres: import: count target %s: %w", spec.table, err)
		}
		if c.Source != c.Target {
			bad = append(bad, fmt.Sprintf("%s: %d in the source, %d in the target", c.Table, c.Source, c.Target))
		}
		counts = append(counts, c)
	}
	if len(bad) > 0 {
		return counts, fmt.Errorf("postgres: import: counts differ: %v", bad)
	}
	return counts, nil
}

func (d *DB) copyTable(ctx context.Context, src *sql.DB, spec copySpec) (int64, error) {
	rows, err := src.QueryContext(ctx, spec.src)
	if err != nil {
		return 0, fmt.Errorf("postgres: import %s: %w", spec.table, err)
	}
	defer rows.Close()
	cols := make([]any, len(spec.kinds))
	newCols := func() {
		for i, k := range spec.kinds {
			switch k {
			case kText:
				cols[i] = []string{}
			case kBytes:
				cols[i] = [][]byte{}
			case kInt:
				cols[i] = []int64{}
			case kTime:
				cols[i] = []*time.Time{}
			}
		}
	}
	newCols()
	pending := 0
	var total int64
	flush := func() error {
		if pending == 0 {
			return nil
		}
		if _, err := d.pool.Exec(ctx, spec.dst, cols...); err != nil {
			return fmt.Errorf("postgres: import %s: %w", spec.table, err)
		}
		total += int64(pending)
		pending = 0
		newCols()
		return nil
	}
	dest := make([]any, len(spec.kinds))
	var (
		texts = make([]string, len(spec.kinds))
		blobs = make([][]byte, len(spec.kinds))
		ints  = make([]int64, len(spec.kinds))
	)
	for i, k := range spec.kinds {
		switch k {
		case kText, kTime:
			dest[i] = &texts[i]
		case kBytes:
			dest[i] = &blobs[i]
		case kInt:
			dest[i] = &ints[i]
		}
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return total, fmt.Errorf("postgres: import %s: %w", spec.table, err)
		}
		for i, k := range spec.kinds {
			switch k {
			case kText:
				cols[i] = append(cols[i].([]string), texts[i])
			case kBytes:
				var b []byte
				if blobs[i] != nil {
					b = append([]byte{}, blobs[i]...)
				}
				cols[i] = append(cols[i].([][]byte), b)
			case kInt:
				cols[i] = append(cols[i].([]int64), ints[i])
			case kTime:
				var tp *time.Time
				if texts[i] != "" {
					t, err := time.Parse(time.RFC3339Nano, texts[i])
					if err != nil {
						return total, fmt.Errorf("postgres: import %s: bad time %q: %w", spec.table, texts[i], err)
					}
					tp = &t
				}
				cols[i] = append(cols[i].([]*time.Time), tp)
			}
		}
		pending++
		if pending == importBatch {
			if err := flush(); err != nil {
				return total, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return total, fmt.Errorf("postgres: import %s: %w", spec.table, err)
	}
	if err := flush(); err != nil {
		return total, err
	}
	return total, nil
}
