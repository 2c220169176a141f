package ttlcache

import (
	"testing"
	"time"
)

type hiddenClock struct{ t time.Time }

func (f *hiddenClock) now() time.Time { return f.t }

func hiddenCache(capacity int) (*Cache[string, int], *hiddenClock) {
	clock := &hiddenClock{t: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	return New[string, int](capacity, 10*time.Second, clock.now), clock
}

func mustHave(t *testing.T, c *Cache[string, int], key string, want int) {
	t.Helper()
	if v, ok := c.Get(key); !ok || v != want {
		t.Fatalf("Get(%q) = %v, %v; want %v, true", key, v, ok, want)
	}
}

func mustMiss(t *testing.T, c *Cache[string, int], key string) {
	t.Helper()
	if v, ok := c.Get(key); ok {
		t.Fatalf("Get(%q) = %v, true; want a miss", key, v)
	}
}

func TestHiddenEvictsLeastRecentlyUsed(t *testing.T) {
	c, _ := hiddenCache(2)
	c.Set("a", 1)
	c.Set("b", 2)
	c.Set("c", 3)
	mustMiss(t, c, "a")
	mustHave(t, c, "b", 2)
	mustHave(t, c, "c", 3)
}

func TestHiddenGetRefreshesRecency(t *testing.T) {
	c, _ := hiddenCache(2)
	c.Set("a", 1)
	c.Set("b", 2)
	mustHave(t, c, "a", 1)
	c.Set("c", 3)
	mustHave(t, c, "a", 1)
	mustMiss(t, c, "b")
}

func TestHiddenSetExistingRefreshesRecency(t *testing.T) {
	c, _ := hiddenCache(2)
	c.Set("a", 1)
	c.Set("b", 2)
	c.Set("a", 10)
	c.Set("c", 3)
	mustHave(t, c, "a", 10)
	mustMiss(t, c, "b")
	if c.Len() != 2 {
		t.Fatalf("Len() = %d; want 2", c.Len())
	}
}

func TestHiddenExpiresExactlyAtTTL(t *testing.T) {
	c, clock := hiddenCache(2)
	c.Set("a", 1)
	clock.t = clock.t.Add(10*time.Second - time.Nanosecond)
	mustHave(t, c, "a", 1)
	clock.t = clock.t.Add(time.Nanosecond)
	mustMiss(t, c, "a")
}

func TestHiddenSetRefreshesExpiry(t *testing.T) {
	c, clock := hiddenCache(2)
	c.Set("a", 1)
	clock.t = clock.t.Add(8 * time.Second)
	c.Set("a", 2)
	clock.t = clock.t.Add(8 * time.Second)
	mustHave(t, c, "a", 2)
}

func TestHiddenExpiredEntryIsRemoved(t *testing.T) {
	c, clock := hiddenCache(2)
	c.Set("a", 1)
	c.Set("b", 2)
	clock.t = clock.t.Add(time.Minute)
	mustMiss(t, c, "a")
	if c.Len() != 1 {
		t.Fatalf("Len() = %d after an expired Get; want 1", c.Len())
	}
}

func TestHiddenDeleteFreesCapacity(t *testing.T) {
	c, _ := hiddenCache(2)
	c.Set("a", 1)
	c.Set("b", 2)
	if !c.Delete("a") {
		t.Fatal("Delete(a) = false; want true")
	}
	if c.Len() != 1 {
		t.Fatalf("Len() = %d after Delete; want 1", c.Len())
	}
	c.Set("c", 3)
	mustHave(t, c, "b", 2)
	mustHave(t, c, "c", 3)
	if s := c.Stats(); s.Evictions != 0 {
		t.Fatalf("Evictions = %d; want 0", s.Evictions)
	}
}

func TestHiddenDeleteTwice(t *testing.T) {
	c, _ := hiddenCache(2)
	c.Set("a", 1)
	c.Delete("a")
	if c.Delete("a") {
		t.Fatal("second Delete(a) = true; want false")
	}
	mustMiss(t, c, "a")
}

func TestHiddenStatsCountExpiredAsMisses(t *testing.T) {
	c, clock := hiddenCache(4)
	c.Set("a", 1)
	c.Get("a")
	c.Get("nope")
	clock.t = clock.t.Add(time.Hour)
	c.Get("a")
	if s := c.Stats(); s != (Stats{Hits: 1, Misses: 2}) {
		t.Fatalf("Stats() = %+v; want 1 hit, 2 misses", s)
	}
}

func TestHiddenNewRejectsBadArguments(t *testing.T) {
	for _, tc := range []struct {
		name     string
		capacity int
		ttl      time.Duration
	}{{"zero capacity", 0, time.Second}, {"negative capacity", -1, time.Second}, {"zero ttl", 1, 0}} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Fatalf("New(%d, %v) did not panic", tc.capacity, tc.ttl)
				}
			}()
			New[string, int](tc.capacity, tc.ttl, nil)
		})
	}
}
