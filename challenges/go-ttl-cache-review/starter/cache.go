// Package ttlcache is an in-memory LRU cache whose entries expire a fixed time after they were set.
package ttlcache

import (
	"container/list"
	"sync"
	"time"
)

// Stats counts what the cache did since it was created.
type Stats struct {
	Hits      uint64 // Get found a live entry
	Misses    uint64 // Get found nothing, or only an expired entry
	Evictions uint64 // entries dropped to stay within capacity (not expiries, not deletes)
}

type entry[K comparable, V any] struct {
	key     K
	value   V
	expires time.Time
}

// Cache is an LRU cache with a time to live. It is safe for concurrent use.
type Cache[K comparable, V any] struct {
	mu       sync.Mutex
	capacity int
	ttl      time.Duration
	now      func() time.Time
	order    *list.List // of *entry; front = most recently used
	items    map[K]*list.Element
	size     int
	stats    Stats
}

// New creates a cache holding at most capacity entries, each living for ttl after its last Set.
// now is the clock (nil means time.Now).
func New[K comparable, V any](capacity int, ttl time.Duration, now func() time.Time) *Cache[K, V] {
	if now == nil {
		now = time.Now
	}
	return &Cache[K, V]{
		capacity: capacity,
		ttl:      ttl,
		now:      now,
		order:    list.New(),
		items:    make(map[K]*list.Element),
	}
}

// Get returns the value for key if it is present and not expired, and marks it as recently used.
func (c *Cache[K, V]) Get(key K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var zero V
	el, ok := c.items[key]
	if !ok {
		c.stats.Misses++
		return zero, false
	}
	e := el.Value.(*entry[K, V])
	if c.now().After(e.expires) {
		c.removeElement(el)
		return zero, false
	}
	c.stats.Hits++
	return e.value, true
}

// Set stores value under key, evicting the least recently used entry when the cache is full.
func (c *Cache[K, V]) Set(key K, value V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		el.Value.(*entry[K, V]).value = value
		return
	}
	c.items[key] = c.order.PushFront(&entry[K, V]{key: key, value: value, expires: c.now().Add(c.ttl)})
	c.size++
	if c.size > c.capacity {
		c.removeElement(c.order.Back())
		c.stats.Evictions++
	}
}

// Delete removes key and reports whether it was present.
func (c *Cache[K, V]) Delete(key K) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok {
		return false
	}
	c.order.Remove(el)
	return true
}

// Len is the number of stored entries, including expired ones not yet noticed by Get.
func (c *Cache[K, V]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.size
}

// Stats returns a snapshot of the counters.
func (c *Cache[K, V]) Stats() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stats
}

func (c *Cache[K, V]) removeElement(el *list.Element) {
	c.order.Remove(el)
	delete(c.items, el.Value.(*entry[K, V]).key)
	c.size--
}
