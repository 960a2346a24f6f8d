package value

import (
	"testing"
	"time"

	"github.com/google/uuid"
)

type bag map[string]any

func (b bag) Property(name string) (any, bool) { v, ok := b[name]; return v, ok }
func (b bag) PropertyNames() []string          { return nil }

func TestEnumerate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v    any
		want string
	}{
		{arr(1, 2), "@(1, 2) true"},
		{&List{Items: arr("a")}, "@('a') true"},
		{"abc", "@() false"},
		{ht("a", 1), "@() false"},
		{obj("a", 1), "@() false"},
		{nil, "@() false"},
		{arr(), "@() true"},
	}
	for _, tt := range tests {
		items, ok := Enumerate(tt.v)
		got := repr(append([]any{}, items...))
		if ok {
			got += " true"
		} else {
			got += " false"
		}
		if got != tt.want {
			t.Errorf("Enumerate(%s) = %s, want %s", repr(tt.v), got, tt.want)
		}
	}
}

func TestGetMember(t *testing.T) {
	t.Parallel()
	dt := time.Date(2024, 3, 1, 14, 5, 9, 0, time.Local)
	users := arr(obj("Name", "a", "Dept", "Sales"), obj("Name", "b"), obj("Name", "c", "Dept", "HR"))
	tests := []struct {
		v    any
		name string
		want string
	}{
		{obj("DisplayName", "Ann"), "displayname", "'Ann'"},
		{obj("a", 1), "missing", "$null"},
		{obj("a", 1), "Count", "1"},
		{bag{"Message": "boom"}, "Message", "'boom'"},
		{ht("a", 1, "b", 2), "A", "1"},
		{ht("a", 1, "b", 2), "Count", "2"},
		{ht("count", 9), "Count", "9"},
		{ht("a", 1, "b", 2), "Keys", "@('a', 'b')"},
		{ht("a", 1, "b", 2), "Values", "@(1, 2)"},
		{ht("a", 1), "zz", "$null"},
		{"hello", "Length", "5"},
		{"hello", "Count", "1"},
		{"", "Length", "0"},
		{arr(1, 2, 3), "Count", "3"},
		{arr(1, 2, 3), "Length", "3"},
		{&List{Items: arr(1, 2)}, "Count", "2"},
		{users, "Name", "@('a', 'b', 'c')"},
		{users, "Dept", "@('Sales', 'HR')"},
		{arr(obj("Name", "x")), "Name", "'x'"},
		{users, "Nope", "$null"},
		{arr("ab", "cde"), "Length", "2"},
		{arr(arr("ab"), "cde"), "Count", "2"},
		{&List{Items: arr("ab", "cde")}, "Length", "@(2, 3)"},
		{arr(obj("L", arr(1, 2)), obj("L", arr(3))), "L", "@(1, 2, 3)"},
		{nil, "Count", "0"},
		{nil, "Length", "0"},
		{nil, "Name", "$null"},
		{5, "Count", "1"},
		{5, "Foo", "$null"},
		{dt, "Year", "2024"},
		{dt, "Month", "3"},
		{dt, "Day", "1"},
		{dt, "Hour", "14"},
		{dt, "Minute", "5"},
		{dt, "Second", "9"},
		{dt, "DayOfWeek", "'Friday'"},
		{dt, "DayOfYear", "61"},
		{dt, "Date", "[datetime]'2024-03-01 00:00:00'"},
		{dt, "TimeOfDay", "[timespan]'14:05:09'"},
		{time.Date(1, 1, 2, 0, 0, 0, 0, time.UTC), "Ticks", "864000000000L"},
		{36*time.Hour + 30*time.Minute, "Days", "1"},
		{36*time.Hour + 30*time.Minute, "Hours", "12"},
		{36*time.Hour + 30*time.Minute, "Minutes", "30"},
		{36*time.Hour + 30*time.Minute, "TotalDays", "1.5208333333333333d"},
		{36*time.Hour + 30*time.Minute, "TotalHours", "36.5d"},
		{90 * time.Second, "TotalMinutes", "1.5d"},
		{90 * time.Second, "TotalSeconds", "90d"},
		{1500 * time.Millisecond, "TotalMilliseconds", "1500d"},
		{time.Second, "Ticks", "10000000L"},
		{Type{Name: "int"}, "FullName", "'System.Int32'"},
		{Type{Name: "int"}, "Name", "'Int32'"},
		{Type{Name: "System.Management.Automation.PSCustomObject"}, "FullName", "'System.Management.Automation.PSCustomObject'"},
		{Type{Name: "pscustomobject"}, "FullName", "'System.Management.Automation.PSObject'"},
		{Type{Name: "Contoso.Widget"}, "FullName", "'Contoso.Widget'"},
		{Type{Name: "Contoso.Widget"}, "Name", "'Widget'"},
		{true, "IsPresent", "$true"},
		{false, "IsPresent", "$false"},
		{selfContaining(), "Foo", "$null"},
		{selfContaining(), "Count", "3"},
		{arr(selfContaining(), "ab"), "Length", "2"},
		{arr(arr("ab"), selfContaining()), "Foo", "$null"},
		{uuid.Nil, "Guid", "'00000000-0000-0000-0000-000000000000'"},
	}
	for _, tt := range tests {
		v, err := GetMember(tt.v, tt.name)
		if got := result(v, err); got != tt.want {
			t.Errorf("%s.%s = %s, want %s", repr(tt.v), tt.name, got, tt.want)
		}
	}
}

func TestSetMember(t *testing.T) {
	t.Parallel()
	o := obj("Name", "a")
	h := ht("a", 1)
	tests := []struct {
		v    any
		name string
		x    any
		want string // the value afterwards, or the error
	}{
		{o, "name", "b", "[pscustomobject]@{Name='b'}"},
		{o, "Extra", 1, "!The property 'Extra' cannot be found on this object. Verify that the property exists and can be set."},
		{h, "A", 2, "@{'a'=2}"},
		{h, "b", 3, "@{'a'=2; 'b'=3}"},
		{nil, "x", 1, "!The property 'x' cannot be found on this object. Verify that the property exists and can be set."},
		{"abc", "Length", 1, "!'Length' is a ReadOnly property."},
		{5, "Foo", 1, "!The property 'Foo' cannot be found on this object. Verify that the property exists and can be set."},
	}
	for _, tt := range tests {
		err := SetMember(tt.v, tt.name, tt.x)
		if got := result(tt.v, err); got != tt.want {
			t.Errorf("%s.%s = %s: %s, want %s", repr(tt.v), tt.name, repr(tt.x), got, tt.want)
		}
	}
}

func TestIndex(t *testing.T) {
	t.Parallel()
	a := arr(10, 20, 30)
	tests := []struct {
		v, idx any
		want   string
	}{
		{a, 0, "10"},
		{a, -1, "30"},
		{a, -3, "10"},
		{a, 3, "$null"},
		{a, -4, "$null"},
		{a, "1", "20"},
		{a, 1.6, "30"},
		{a, arr(0, 2), "@(10, 30)"},
		{a, arr(0, 9), "@(10)"},
		{a, arr(-1, 0), "@(30, 10)"},
		{a, "x", `!Cannot convert value "x" to type "System.Int32". Error: "The input string 'x' was not in a correct format."`},
		{&List{Items: arr("a", "b")}, 1, "'b'"},
		{"hello", 1, "[char]'e'"},
		{"hello", -1, "[char]'o'"},
		{"hello", 10, "$null"},
		{&Hashtable{Ordered: true}, 0, "$null"},
		{ordered("b", 1, "a", 2), 0, "1"},
		{ordered("b", 1, "a", 2), 1, "2"},
		{ordered("b", 1, "a", 2), 2, "$null"},
		{ordered("b", 1, "a", 2), -1, "$null"},
		{ordered(0, "zero", "a", 2), 1, "2"},
		{ordered(1, "one", "a", 2), 1, "'one'"},
		{ht("b", 1, "a", 2), 0, "$null"},
		{arr(1, 2), selfContaining(), `!Cannot convert the "1 System.Collections.ArrayList System.Object[]" value of type "System.Collections.ArrayList" to type "System.Int32".`},
		{"hello", arr(0, 1), "@([char]'h', [char]'e')"},
		{ht("a", 1, 2, "two"), "A", "1"},
		{ht("a", 1, 2, "two"), 2, "'two'"},
		{ht("a", 1, 2, "two"), "2", "$null"},
		{ht("a", 1, "b", 2), arr("a", "b"), "@(1, 2)"},
		{obj("Name", "x"), "name", "'x'"},
		{nil, 0, "!Cannot index into a null array."},
		{ht("a", 1), nil, "!Index operation failed; the array index evaluated to null."},
		{5, 0, "5"},
		{5, 1, "$null"},
	}
	for _, tt := range tests {
		v, err := Index(tt.v, tt.idx)
		if got := result(v, err); got != tt.want {
			t.Errorf("%s[%s] = %s, want %s", repr(tt.v), repr(tt.idx), got, tt.want)
		}
	}
	if _, err := Index(nil, 0); err.(*Error).ID != "NullArray" {
		t.Errorf("null index ID = %s", err.(*Error).ID)
	}
}

func TestSetIndex(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v, idx, x any
		want      string
	}{
		{arr(1, 2, 3), 1, "x", "@(1, 'x', 3)"},
		{arr(1, 2, 3), -1, "x", "@(1, 2, 'x')"},
		{arr(1, 2, 3), 3, "x", "!Index was outside the bounds of the array."},
		{&List{Items: arr(1, 2)}, 0, 9, "[list]@(9, 2)"},
		{&List{Items: arr()}, 0, 9, "!Index was outside the bounds of the array."},
		{ht("a", 1), "A", 5, "@{'a'=5}"},
		{ht(), 1, "one", "@{1='one'}"},
		{ordered("b", 1, "a", 2), 1, "x", "[ordered]@{'b'=1; 'a'='x'}"},
		{ordered("b", 1), 5, "x", "[ordered]@{'b'=1; 5='x'}"},
		{ht("b", 1), 0, "x", "@{'b'=1; 0='x'}"},
		{obj("n", 1), "N", 2, "[pscustomobject]@{n=2}"},
		{nil, 0, 1, "!Cannot index into a null array."},
		{"abc", 0, "x", "!Unable to index into an object of type System.String."},
	}
	for _, tt := range tests {
		err := SetIndex(tt.v, tt.idx, tt.x)
		if got := result(tt.v, err); got != tt.want {
			t.Errorf("%s[%s] = %s: %s, want %s", repr(tt.v), repr(tt.idx), repr(tt.x), got, tt.want)
		}
	}
}

func TestHashtable(t *testing.T) {
	t.Parallel()
	h := NewHashtable()
	h.Set("Name", "a")
	h.Set(1, "int one")
	h.Set("1", "string one")
	h.Set(int64(1), "long one")
	h.Set("NAME", "b")
	h.Set(1.5, "double")
	if got := repr(h); got != "@{'Name'='b'; 1='long one'; '1'='string one'; 1.5d='double'}" {
		t.Errorf("after sets: %s", got)
	}
	if v, ok := h.Get("name"); !ok || v != "b" {
		t.Errorf("Get(name) = %v, %v", v, ok)
	}
	if _, ok := h.Get("missing"); ok {
		t.Error("Get(missing) found")
	}
	h.Delete("1")
	h.Delete("not there")
	if got := repr(h.Keys()); got != "@('Name', 1, 1.5d)" || h.Len() != 3 {
		t.Errorf("after delete: keys %s len %d", got, h.Len())
	}
	if v, _ := h.Get(1.5); v != "double" {
		t.Errorf("index not rebuilt after delete: %v", v)
	}
	c := h.Copy()
	c.Set("new", 1)
	if h.Len() != 3 || c.Len() != 4 {
		t.Errorf("copy shares storage: %d %d", h.Len(), c.Len())
	}
	if e := h.Entries(); len(e) != 3 || e[0].Key != "Name" || e[0].Value != "b" {
		t.Errorf("entries = %v", e)
	}
	key := arr(1)
	h.Set(key, "array key")
	if v, _ := h.Get(key); v != "array key" {
		t.Errorf("array key lookup = %v", v)
	}
	if _, ok := h.Get(arr(1)); ok {
		t.Error("a different array found the key")
	}
	var zero Hashtable
	zero.Set("x", 1)
	if v, _ := zero.Get("X"); v != 1 {
		t.Errorf("zero value hashtable: %v", v)
	}
}
