package value

import (
	"sort"
	"strings"
	"testing"
	"time"
)

func TestEqual(t *testing.T) {
	t.Parallel()
	o := obj("a", 1)
	a := arr(1)
	tests := []struct {
		x, y any
		cs   bool
		want bool
	}{
		{1, "1.0", false, true}, {"1.0", 1, false, false}, {"a", "A", false, true}, {"a", "A", true, false},
		{nil, nil, false, true}, {nil, "", false, false}, {"", nil, false, false}, {o, o, false, true},
		{o, obj("a", 1), false, false}, {a, a, false, true}, {arr(1), arr(1), false, false},
		{1.5, "1.5", false, true}, {int64(3), 3, false, true}, {true, 1, false, true},
		{Type{Name: "int"}, Type{Name: "System.Int32"}, false, true},
		{date("2024-03-01"), "03/01/2024", false, true},
	}
	for _, tt := range tests {
		if got := Equal(tt.x, tt.y, tt.cs); got != tt.want {
			t.Errorf("Equal(%s, %s, %v) = %v, want %v", repr(tt.x), repr(tt.y), tt.cs, got, tt.want)
		}
	}
}

func TestCompare(t *testing.T) {
	t.Parallel()
	tests := []struct {
		x, y any
		cs   bool
		want string
	}{
		{1, 2, false, "-1"}, {2, 1, false, "1"}, {2, "2", false, "0"}, {"b", "A", false, "1"},
		{"a", "A", false, "0"}, {"a", "A", true, "-1"}, {"A", "a", true, "1"}, {nil, 0, false, "-1"},
		{0, nil, false, "1"}, {nil, nil, false, "0"}, {1.5, 2, false, "-1"}, {int64(10), 9.5, false, "1"},
		{"10", 9, false, "-1"}, {date("2024-01-01"), "2023-12-31", false, "1"},
		{time.Hour, time.Minute, false, "1"}, {false, true, false, "-1"},
		{2, "x", false, `!Could not compare "2" to "x". Error: "Cannot convert value "x" to type "System.Int32". Error: "The input string 'x' was not in a correct format.""`},
		{obj(), 1, false, `!Cannot compare "" because it is not IComparable.`},
	}
	for _, tt := range tests {
		c, err := Compare(tt.x, tt.y, tt.cs)
		if got := result(c, err); got != tt.want {
			t.Errorf("Compare(%s, %s, %v) = %s, want %s", repr(tt.x), repr(tt.y), tt.cs, got, tt.want)
		}
	}
	// Sort-Object relies on Compare giving a total order over mixed input.
	items := []any{"b", nil, "A", "c", "a"}
	sort.SliceStable(items, func(i, j int) bool { c, _ := Compare(items[i], items[j], false); return c < 0 })
	if got := repr(items); got != "@($null, 'A', 'a', 'b', 'c')" {
		t.Errorf("sorted = %s", got)
	}
}

func TestLike(t *testing.T) {
	t.Parallel()
	tests := []struct {
		s, pattern string
		cs         bool
		want       bool
	}{
		{"abc", "A*", false, true}, {"abc", "A*", true, false}, {"abc", "*", false, true},
		{"", "*", false, true}, {"", "?", false, false}, {"abc", "a*c", false, true},
		{"abc", "a*b", false, false}, {"abcbc", "*bc", false, true}, {"aXbXc", "a*X*c", false, true},
		{"abc", "???", false, true}, {"ab", "???", false, false}, {"b", "[abc]", false, true},
		{"B", "[abc]", false, true}, {"B", "[abc]", true, false}, {"m", "[a-z]", false, true},
		{"M", "[a-z]", true, false}, {"5", "[0-9]", false, true}, {"x", "[0-9]", false, false},
		{"a*", "a`*", false, true}, {"ab", "a`*", false, false}, {"a[b]", "a`[b`]", false, true},
		{"abc", "[ab", false, false}, {"Get-User", "Get-*", false, true}, {"Set-User", "?et-*", false, true},
		{"über", "Ü*", false, true}, {"file.txt", "*.TXT", false, true}, {"file.txt", "*.TXT", true, false},
		{"aaa", "*a", false, true}, {"abc", "abc*", false, true}, {"abc", "abcd*", false, false},
	}
	for _, tt := range tests {
		if got := Like(tt.s, tt.pattern, tt.cs); got != tt.want {
			t.Errorf("Like(%q, %q, %v) = %v, want %v", tt.s, tt.pattern, tt.cs, got, tt.want)
		}
	}
}

func TestNewRegex(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern, input string
		cs             bool
		want           string
	}{
		{"(?<n>b+)", "abbc", false, "bb"},
		{"(?'n'b+)", "abbc", false, "bb"},
		{"B", "abc", false, "b"},
		{"B", "abc", true, ""},
		{`\d{3}`, "ab1234", false, "123"},
		{`[]a]+`, "x]a]", false, "]a]"},
		{`c\Z`, "abc", false, "c"},
		{`(?<=a)b`, "ab", false, "!The regular expression pattern (?<=a)b is not valid."},
	}
	for _, tt := range tests {
		r, err := NewRegex(tt.pattern, tt.cs)
		got := ""
		if err != nil {
			got = "!" + err.Error()
		} else {
			got = r.Re.FindString(tt.input)
		}
		if got != tt.want {
			t.Errorf("NewRegex(%q) on %q = %q, want %q", tt.pattern, tt.input, got, tt.want)
		}
	}
	r, _ := NewRegex("a", false)
	if r2, _ := NewRegex("a", false); r2 != r {
		t.Error("compiled patterns are not reused")
	}
	if r.Pattern != "a" || !strings.Contains(r.Re.String(), "(?i)") {
		t.Errorf("regex = %q / %q", r.Pattern, r.Re.String())
	}
}
