package pipeline

import (
	"bytes"
	"container/list"
	"sync"
)

// lru is a bounded map that forgets the least recently used entry when
// full. Safe for concurrent use.
type lru[K comparable, V any] struct {
	mu    sync.Mutex
	max   int
	order *list.List // front: most recently used; elements hold *lruEntry
	items map[K]*list.Element
	hits  int
	miss  int
}

type lruEntry[K comparable, V any] struct {
	key K
	val V
}

func newLRU[K comparable, V any](max int) *lru[K, V] {
	return &lru[K, V]{max: max, order: list.New(), items: make(map[K]*list.Element, max)}
}

// get returns the value under k and marks it used.
func (c *lru[K, V]) get(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[k]; ok {
		c.order.MoveToFront(e)
		c.hits++
		return e.Value.(*lruEntry[K, V]).val, true
	}
	c.miss++
	var zero V
	return zero, false
}

// put stores v under k, evicting the least recently used entry if full.
func (c *lru[K, V]) put(k K, v V) {
	if c.max <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[k]; ok {
		e.Value.(*lruEntry[K, V]).val = v
		c.order.MoveToFront(e)
		return
	}
	c.items[k] = c.order.PushFront(&lruEntry[K, V]{k, v})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.items, last.Value.(*lruEntry[K, V]).key)
	}
}

// clear forgets every entry.
func (c *lru[K, V]) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.order.Init()
	clear(c.items)
}

// stats returns the hits and misses so far.
func (c *lru[K, V]) stats() (hits, misses int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits, c.miss
}

// decoded caches what a stored blob decodes to, by owner id, valid while
// the owner's blob is byte-for-byte the same: comparing bytes costs far
// less than decoding JSON, and a changed blob is simply decoded again.
type decoded[V any] struct {
	c *lru[string, decodedEntry[V]]
}

type decodedEntry[V any] struct {
	blob []byte
	val  V
}

func newDecoded[V any](max int) decoded[V] {
	return decoded[V]{newLRU[string, decodedEntry[V]](max)}
}

// get returns what blob decodes to, decoding it (and remembering the
// result) when id's cached blob differs.
func (d decoded[V]) get(id string, blob []byte, decode func([]byte) (V, error)) (V, error) {
	if e, ok := d.c.get(id); ok && bytes.Equal(e.blob, blob) {
		return e.val, nil
	}
	v, err := decode(blob)
	if err != nil {
		return v, err
	}
	d.c.put(id, decodedEntry[V]{bytes.Clone(blob), v})
	return v, nil
}

// put remembers that blob decodes to v, for a blob about to be stored: the
// next reader of id then decodes nothing. Safe even if the blob is never
// stored (its transaction rolls back): entries only answer for equal bytes.
func (d decoded[V]) put(id string, blob []byte, v V) {
	d.c.put(id, decodedEntry[V]{bytes.Clone(blob), v})
}
