package digest

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime/debug"

	jsonv1 "github.com/go-json-experiment/json/v1"

	"github.com/crosscheck/crosscheck/internal/brief"
	"github.com/crosscheck/crosscheck/internal/news"
)

// briefEpoch names the brief's content rules. Bump it when a change to the
// story-level stages changes what a brief says, so that stored briefs made by
// older code are rebuilt; builds that carry a VCS revision also key on it.
const briefEpoch = 1

// metaPrefix is the meta key space of stored briefs: "brief/" + story id.
const metaPrefix = "brief/"

// storedBrief is a built brief kept in the store's meta, valid while the
// story's version and the build settings are those it was made under.
type storedBrief struct {
	Version int64        `json:"version"`
	Key     string       `json:"key"`
	Brief   *brief.Brief `json:"brief"`
}

// buildKey names the code and settings a brief was built with.
func buildKey(opt Options) string {
	rev := "dev"
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				rev = s.Value
			}
		}
	}
	return fmt.Sprintf("e%d/%s/s%d", briefEpoch, rev, opt.SummarySentences)
}

// loadStored returns the stored brief of st if it is current, or nil.
func (b *Builder) loadStored(ctx context.Context, st *news.Story) *brief.Brief {
	blob, err := b.store.Meta(ctx, metaPrefix+st.ID)
	if err != nil || len(blob) == 0 {
		return nil
	}
	// encoding/json's semantics on the faster json v2 decoder: a large
	// story's brief is megabytes, and decoding it was most of the cost of
	// answering it (same values, checked against encoding/json in tests)
	var sb storedBrief
	if err := jsonv1.Unmarshal(blob, &sb); err != nil || sb.Brief == nil {
		return nil // an unreadable entry is rebuilt and overwritten
	}
	if sb.Version != st.Version || sb.Key != b.key {
		return nil
	}
	return sb.Brief
}

// saveStored writes a built brief for later processes. It is best effort: a
// brief is answered whether or not it could be kept, so a busy or read-only
// store costs only the next reader a rebuild.
func (b *Builder) saveStored(ctx context.Context, version int64, br *brief.Brief) {
	w, ok := b.store.(news.Store)
	if !ok || !b.opt.Persist {
		return
	}
	blob, err := json.Marshal(storedBrief{Version: version, Key: b.key, Brief: br})
	if err != nil {
		return
	}
	err = w.Update(ctx, func(tx news.Tx) error {
		// Another writer may have changed the story since it was read: keep
		// only a brief of the version that is current now.
		st, err := tx.Story(ctx, br.Story.ID)
		if err != nil || st.Version != version {
			return err
		}
		return tx.PutMeta(ctx, metaPrefix+br.Story.ID, blob)
	})
	if err != nil && b.opt.Log != nil {
		b.opt.Log.Warn("brief not stored", "story", br.Story.ID, "err", err)
	}
}
