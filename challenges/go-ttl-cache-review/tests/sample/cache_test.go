package ttlcache

import (
	"testing"
	"time"
)

// fakeClock is a manually advanced clock for New's now parameter.
type fakeClock struct{ t time.Time }

func (f *fakeClock) now() time.Time          { return f.t }
func (f *fakeClock) advance(d time.Duration) { f.t = f.t.Add(d) }

func newClock() *fakeClock { return &fakeClock{t: time.Date(2024, 5, 6, 9, 0, 0, 0, time.UTC)} }

func TestSetThenGet(t *testing.T) {
	c := New[string, int](2, time.Minute, newClock().now)
	c.Set("a", 1)
	if v, ok := c.Get("a"); !ok || v != 1 {
		t.Fatalf("Get(a) = %v, %v; want 1, true", v, ok)
	}
}

func TestExpiresAfterTTL(t *testing.T) {
	clock := newClock()
	c := New[string, int](2, time.Minute, clock.now)
	c.Set("a", 1)
	clock.advance(2 * time.Minute)
	if _, ok := c.Get("a"); ok {
		t.Fatal("Get(a) found an expired entry")
	}
}
