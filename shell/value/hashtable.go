package value

import (
	"fmt"
	"reflect"
	"strings"
)

// Hashtable is @{} and, with Ordered set, [ordered]@{}. Entries keep their
// insertion order, which is also the order they are displayed in. String keys
// are compared case-insensitively; other keys by value, with 1 and 1L the
// same key and 1 and "1" different ones.
type Hashtable struct {
	Ordered bool
	// Generic is the type name of a Dictionary[K,V] made with ::new(),
	// which otherwise behaves as a hashtable.
	Generic string
	entries []Entry
	index   map[any]int // normalised key -> position in entries
}

// Entry is one key/value pair of a Hashtable.
type Entry struct {
	Key, Value any
}

// NewHashtable returns an empty hashtable.
func NewHashtable() *Hashtable {
	return &Hashtable{index: map[any]int{}}
}

type foldedKey string
type intKey int64
type nilKey struct{}
type sliceKey struct {
	ptr uintptr
	n   int
}

// hashKey maps a key to a comparable Go value that is equal exactly when
// PowerShell considers the keys equal.
func hashKey(k any) any {
	switch k := k.(type) {
	case nil:
		return nilKey{}
	case string:
		return foldedKey(strings.ToLower(k))
	case int:
		return intKey(k)
	case int64:
		return intKey(k)
	case float64:
		return k
	case []any:
		return sliceKey{reflect.ValueOf(k).Pointer(), len(k)}
	}
	rv := reflect.ValueOf(k)
	if rv.Comparable() {
		return k
	}
	switch rv.Kind() {
	case reflect.Map, reflect.Slice, reflect.Func:
		return sliceKey{rv.Pointer(), -1}
	}
	return structKey(fmt.Sprintf("%#v", k)) // a value with no identity is keyed by its contents
}

type structKey string

// Set adds the key or replaces its value, keeping its place.
func (h *Hashtable) Set(k, v any) {
	if h.index == nil {
		h.index = map[any]int{}
	}
	hk := hashKey(k)
	if i, ok := h.index[hk]; ok {
		h.entries[i].Value = v
		return
	}
	h.index[hk] = len(h.entries)
	h.entries = append(h.entries, Entry{Key: k, Value: v})
}

// Get returns the value stored under k.
func (h *Hashtable) Get(k any) (any, bool) {
	i, ok := h.index[hashKey(k)]
	if !ok {
		return nil, false
	}
	return h.entries[i].Value, true
}

// position reads an int index into an ordered dictionary, which
// OrderedDictionary's this[int] takes as a position when it is not a key.
func (h *Hashtable) position(idx any) (int, bool) {
	i, ok := idx.(int)
	if !ok || !h.Ordered || i < 0 || i >= len(h.entries) {
		return 0, false
	}
	return i, true
}

// Has reports whether k is a key.
func (h *Hashtable) Has(k any) bool {
	_, ok := h.index[hashKey(k)]
	return ok
}

// Delete removes k; a missing key is not an error, as in .NET.
func (h *Hashtable) Delete(k any) {
	hk := hashKey(k)
	i, ok := h.index[hk]
	if !ok {
		return
	}
	delete(h.index, hk)
	h.entries = append(h.entries[:i], h.entries[i+1:]...)
	for j := i; j < len(h.entries); j++ {
		h.index[hashKey(h.entries[j].Key)] = j
	}
}

// Clear removes every entry.
func (h *Hashtable) Clear() {
	h.entries = nil
	h.index = map[any]int{}
}

// Len returns the number of entries.
func (h *Hashtable) Len() int { return len(h.entries) }

// Keys returns the keys in order.
func (h *Hashtable) Keys() []any {
	keys := make([]any, len(h.entries))
	for i, e := range h.entries {
		keys[i] = e.Key
	}
	return keys
}

// Values returns the values in key order.
func (h *Hashtable) Values() []any {
	vals := make([]any, len(h.entries))
	for i, e := range h.entries {
		vals[i] = e.Value
	}
	return vals
}

// Entries returns a copy of the entries in order.
func (h *Hashtable) Entries() []Entry {
	return append([]Entry(nil), h.entries...)
}

// Copy returns a shallow copy, as .Clone() does.
func (h *Hashtable) Copy() *Hashtable {
	c := &Hashtable{Ordered: h.Ordered, Generic: h.Generic, entries: append([]Entry(nil), h.entries...), index: make(map[any]int, len(h.index))}
	for k, v := range h.index {
		c.index[k] = v
	}
	return c
}
