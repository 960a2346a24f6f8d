package format

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"licsh/shell/value"
)

// obj builds a PSCustomObject from name/value pairs.
func obj(kv ...any) *value.Object {
	return typed("System.Management.Automation.PSCustomObject", kv...)
}

func typed(typeName string, kv ...any) *value.Object {
	o := value.NewObject(typeName)
	for i := 0; i+1 < len(kv); i += 2 {
		o.Set(kv[i].(string), kv[i+1])
	}
	return o
}

func hashtable(kv ...any) *value.Hashtable {
	h := value.NewHashtable()
	for i := 0; i+1 < len(kv); i += 2 {
		h.Set(kv[i], kv[i+1])
	}
	return h
}

// lines joins lines with "\n" after each, so expected output reads as it
// prints.
func lines(ls ...string) string { return strings.Join(ls, "\n") + "\n" }

// pad left-justifies s in n cells, as a table column with a fixed width.
func pad(s string, n int) string { return s + strings.Repeat(" ", n-len(s)) }

var march1 = time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)

// testViews are the views the tests' objects are shown with.
var testViews = NewViews(
	View{TypeName: "licsh.TestUser", Table: []string{"UserPrincipalName", "Count"}},
	View{TypeName: "licsh.TestListed", List: []string{"B", "A"}},
	View{TypeName: "licsh.TestEmptyView", Table: []string{}},
	View{TypeName: "licsh.TestText", Text: func(v any, width int) string {
		name := prop(v, "Name")
		return fmt.Sprintf("NAME\n    %v (%d)", name, width)
	}},
)

// typedBag is a property bag that stands for a .NET type, as help objects
// and error records do.
type typedBag struct {
	bag
	names []string
}

func (t typedBag) TypeNames() []string { return t.names }

func TestFormatter(t *testing.T) {
	t.Parallel()
	six := typed("licsh.TestUser", "Id", 1, "UserPrincipalName", "ann@contoso.com", "DisplayName", "Ann",
		"Department", "Sales", "Count", 12, "Enabled", true)
	five := obj("Name", "a", "Department", "Sales", "Count", 1, "Enabled", true, "Extra", nil)
	tests := []struct {
		name  string
		in    []any
		width int
		want  string
	}{
		{"string", []any{"hello"}, 0, "hello\n"},
		{"null", []any{nil}, 0, ""},
		{"empty array", []any{[]any{}}, 0, ""},
		{"int", []any{42}, 0, "42\n"},
		{"double", []any{2.5}, 0, "2.5\n"},
		{"array unrolled", []any{[]any{1, "a", true, nil}}, 0, lines("1", "a", "True")},
		{"list unrolled", []any{&value.List{Items: []any{"x", "y"}}}, 0, lines("x", "y")},
		{"datetime long form", []any{march1}, 0, lines("", "Friday, March 1, 2024 12:00:00 AM", "")},
		{"afternoon datetime", []any{time.Date(2024, 12, 25, 15, 4, 5, 0, time.UTC)}, 0,
			lines("", "Wednesday, December 25, 2024 3:04:05 PM", "")},
		{"dates in a row share a block", []any{march1, march1.AddDate(0, 0, 1)}, 0,
			lines("", "Friday, March 1, 2024 12:00:00 AM", "Saturday, March 2, 2024 12:00:00 AM", "")},
		{"a string ends a block of dates", []any{march1, "x", march1}, 0,
			lines("", "Friday, March 1, 2024 12:00:00 AM", "", "x", "", "Friday, March 1, 2024 12:00:00 AM", "")},
		{"a date ends a table", []any{obj("a", 1), march1}, 0,
			lines("", "a", "-", "1", "", "", "Friday, March 1, 2024 12:00:00 AM", "")},
		{"multi-line string as is", []any{"a\nb"}, 0, "a\nb\n"},
		{"empty object", []any{obj()}, 0, ""},
		{"one-column table", []any{obj("Name", "alice")}, 0, lines("", "Name", "----", "alice", "")},
		{"numbers right-aligned", []any{obj("Name", "alice", "Count", 3)}, 0,
			lines("", "Name  Count", "----  -----", "alice     3", "")},
		{"booleans right-aligned", []any{obj("a", true)}, 0, lines("", "   a", "   -", "True", "")},
		{"header wider than data", []any{obj("LongHeaderName", 1)}, 0,
			lines("", "LongHeaderName", "--------------", "             1", "")},
		{"rows share one table", []any{obj("a", 1, "b", "x"), obj("a", 22, "b", "yy")}, 0,
			lines("", " a b", " - -", " 1 x", "22 yy", "")},
		{"four properties are a table", []any{obj("A", "1", "B", "2", "C", "3", "D", "4")}, 0,
			lines("", "A B C D", "- - - -", "1 2 3 4", "")},
		{"alignment from the first row", []any{obj("v", 1), obj("v", "text")}, 0,
			lines("", "   v", "   -", "   1", "text", "")},
		{"null cell", []any{obj("a", nil, "b", "x")}, 0, lines("", "a b", "- -", "  x", "")},
		{"five properties are a list", []any{five}, 0, lines("",
			"Name       : a", "Department : Sales", "Count      : 1", "Enabled    : True", "Extra      :", "")},
		{"lists separated by an empty line", []any{five, five}, 0, lines("",
			"Name       : a", "Department : Sales", "Count      : 1", "Enabled    : True", "Extra      :", "",
			"Name       : a", "Department : Sales", "Count      : 1", "Enabled    : True", "Extra      :", "")},
		{"new shape starts a new table", []any{obj("a", 1), obj("b", 2)}, 0,
			lines("", "a", "-", "1", "", "", "b", "-", "2", "")},
		{"table then list", []any{obj("a", 1), five}, 0, lines("", "a", "-", "1", "", "",
			"Name       : a", "Department : Sales", "Count      : 1", "Enabled    : True", "Extra      :", "")},
		{"scalar before a table", []any{"x", obj("a", 1)}, 0, lines("x", "", "a", "-", "1", "")},
		{"scalar inside a table keeps its place", []any{obj("a", 1), "x", obj("a", 2)}, 0,
			lines("", "a", "-", "1", "x", "2", "")},
		{"objects in an array", []any{[]any{obj("a", 1), obj("a", 2)}}, 0, lines("", "a", "-", "1", "2", "")},
		{"hashtable", []any{hashtable("a", 1, "bb", "two")}, 0, lines("",
			pad("Name", 30)+" Value", pad("----", 30)+" -----", pad("a", 30)+" 1", pad("bb", 30)+" two", "")},
		{"hashtables share one table", []any{hashtable("a", 1), hashtable("b", 2)}, 0, lines("",
			pad("Name", 30)+" Value", pad("----", 30)+" -----", pad("a", 30)+" 1", pad("b", 30)+" 2", "")},
		{"long hashtable key cut at 30", []any{hashtable(strings.Repeat("k", 35), 1)}, 0, lines("",
			pad("Name", 30)+" Value", pad("----", 30)+" -----", strings.Repeat("k", 29)+"… 1", "")},
		{"hashtable value cut at the line", []any{hashtable("a", strings.Repeat("v", 20))}, 40, lines("",
			pad("Name", 30)+" Value", pad("----", 30)+" -----", pad("a", 30)+" vvvvvvvv…", "")},
		{"empty hashtable", []any{value.NewHashtable()}, 0, ""},
		{"array in a cell", []any{obj("Licenses", []any{"E3", "E5"})}, 0,
			lines("", "Licenses", "--------", "{E3, E5}", "")},
		{"long array in a cell", []any{obj("n", []any{1, 2, 3, 4, 5})}, 0,
			lines("", "n", "-", "{1, 2, 3, 4…}", "")},
		{"four items fit", []any{obj("n", []any{1, 2, 3, 4})}, 0, lines("", "n", "-", "{1, 2, 3, 4}", "")},
		{"empty array in a cell", []any{obj("n", []any{})}, 0, lines("", "n", "-", "{}", "")},
		{"null and nested array items", []any{obj("n", []any{1, nil, []any{2}})}, 0,
			lines("", "n", "-", "{1, $null, System.Object[]}", "")},
		{"list in a cell", []any{obj("n", &value.List{Items: []any{"a"}})}, 0, lines("", "n", "-", "{a}", "")},
		{"hashtable in a cell shows keys", []any{obj("h", hashtable("x", 1, "y", 2))}, 0,
			lines("", "h", "-", "{x, y}", "")},
		{"nested object", []any{obj("User", obj("a", 1, "b", "x"))}, 0,
			lines("", "User", "----", "@{a=1; b=x}", "")},
		{"datetime in a cell", []any{obj("When", march1)}, 0,
			lines("", "When", "----", "3/1/2024 12:00:00 AM", "")},
		{"datetime in an array cell", []any{obj("When", []any{march1})}, 0,
			lines("", "When", "----", "{3/1/2024 12:00:00 AM}", "")},
		{"multi-line value cut in a cell", []any{obj("a", "first\nsecond")}, 0,
			lines("", "a", "-", "first…", "")},
		{"last column cut at width", []any{obj("Name", "short", "Description", strings.Repeat("x", 30))}, 20,
			lines("", "Name  Description", "----  -----------", "short "+strings.Repeat("x", 13)+"…", "")},
		{"right-aligned value cut at its start", []any{obj("Name", "abcdefgh", "N", 123456789)}, 12,
			lines("", "Name       N", "----       -", "abcdefgh …89", "")},
		{"column that cannot fit is hidden", []any{obj("Name", "abcdefghij", "X", "y")}, 10,
			lines("", "Name", "----", "abcdefghij", "")},
		{"narrow column wraps its header", []any{obj("Name", "abcdefgh", "Code", "xyz")}, 10,
			lines("", "Name     C", "         o", "         d", "         e", "----     -", "abcdefgh x", "")},
		{"registered table view", []any{six, six}, 0, lines("",
			"UserPrincipalName Count", "----------------- -----",
			"ann@contoso.com      12", "ann@contoso.com      12", "")},
		{"registered list view", []any{typed("licsh.TestListed", "A", 1, "B", 2)}, 0,
			lines("", "B : 2", "A : 1", "")},
		{"empty table view falls back to the shape", []any{typed("licsh.TestEmptyView", "a", 1)}, 0,
			lines("", "a", "-", "1", "")},
		{"view type names match case-insensitively", []any{typed("LICSH.TESTLISTED", "A", 1, "B", 2)}, 0,
			lines("", "B : 2", "A : 1", "")},
		{"guid", []any{uuid.MustParse("0b7e8d8a-4a3c-4c59-9d6e-3f1f4f5e6a7b")}, 0,
			lines("", "Guid", "----", "0b7e8d8a-4a3c-4c59-9d6e-3f1f4f5e6a7b", "")},
		{"timespan", []any{90 * time.Minute}, 0, lines("",
			"Days              : 0", "Hours             : 1", "Minutes           : 30", "Seconds           : 0",
			"Milliseconds      : 0", "Ticks             : 54000000000", "TotalDays         : 0.0625",
			"TotalHours        : 1.5", "TotalMinutes      : 90", "TotalSeconds      : 5400",
			"TotalMilliseconds : 5400000", "")},
		{"list value wraps under itself", []any{obj("A", 1, "B", 2, "C", 3, "D", 4,
			"Text", "the quick brown fox jumps over")}, 20, lines("",
			"A    : 1", "B    : 2", "C    : 3", "D    : 4", "Text : the quick", "       brown fox", "       jumps over", "")},
		{"list value with line breaks", []any{obj("A", 1, "B", 2, "C", 3, "D", 4, "Text", "one\ntwo")}, 0,
			lines("", "A    : 1", "B    : 2", "C    : 3", "D    : 4", "Text : one", "       two", "")},
		{"property bag", []any{bag{"Message": "boom", "Line": 3}}, 0,
			lines("", "Line Message", "---- -------", "   3 boom", "")},
		{"text view", []any{typed("licsh.TestText", "Name", "Get-User")}, 0, lines("NAME", "    Get-User (120)")},
		{"text view gets the width", []any{typed("licsh.TestText", "Name", "x")}, 40, lines("NAME", "    x (40)")},
		{"text views one after another", []any{typed("licsh.TestText", "Name", "a"), typed("licsh.TestText", "Name", "b")}, 0,
			lines("NAME", "    a (120)", "NAME", "    b (120)")},
		{"text view inside a table keeps its place", []any{obj("a", 1), typed("licsh.TestText", "Name", "x"), obj("a", 2)}, 0,
			lines("", "a", "-", "1", "NAME", "    x (120)", "2", "")},
		{"typed property bag finds its view", []any{typedBag{bag{"Name": "bag"}, []string{"licsh.TestText"}}}, 0,
			lines("NAME", "    bag (120)")},
		{"typed property bag without a view", []any{typedBag{bag{"Name": "n"}, []string{"licsh.NoView"}}}, 0,
			lines("", "Name", "----", "n", "")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			f := New(&b, tt.width, testViews)
			for _, o := range tt.in {
				if err := f.Write(o); err != nil {
					t.Fatal(err)
				}
			}
			if err := f.Close(); err != nil {
				t.Fatal(err)
			}
			if got := b.String(); got != tt.want {
				t.Errorf("got:\n%q\nwant:\n%q", got, tt.want)
			}
		})
	}
}

// bag is a PropertyBag with properties in name order.
type bag map[string]any

func (b bag) Property(name string) (any, bool) {
	for k, v := range b {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return nil, false
}

func (b bag) PropertyNames() []string {
	names := make([]string, 0, len(b))
	for k := range b {
		names = append(names, k)
	}
	// Sorted so the test's expected column order is stable.
	for i := 1; i < len(names); i++ {
		for j := i; j > 0 && names[j] < names[j-1]; j-- {
			names[j], names[j-1] = names[j-1], names[j]
		}
	}
	return names
}

func TestTable(t *testing.T) {
	t.Parallel()
	wide := obj()
	for i := 1; i <= 12; i++ {
		wide.Set(fmt.Sprintf("P%d", i), i)
	}
	tests := []struct {
		name string
		in   []any
		opt  TableOptions
		want string
	}{
		{"five properties still a table", []any{obj("A", 1, "B", 2, "C", 3, "D", 4, "E", 5)}, TableOptions{},
			lines("", "A B C D E", "- - - - -", "1 2 3 4 5", "")},
		{"at most ten columns", []any{wide}, TableOptions{},
			lines("", "P1 P2 P3 P4 P5 P6 P7 P8 P9 P10", "-- -- -- -- -- -- -- -- -- ---",
				" 1  2  3  4  5  6  7  8  9  10", "")},
		{"properties pick columns", []any{obj("Name", "a", "Number", 1, "X", "x")},
			TableOptions{Properties: []string{"X", "Name"}}, lines("", "X Name", "- ----", "x a", "")},
		{"wildcard properties", []any{obj("Name", "a", "Number", 1, "X", "x")},
			TableOptions{Properties: []string{"n*"}}, lines("", "Name Number", "---- ------", "a         1", "")},
		{"property spelled as the object spells it", []any{obj("Name", "a")},
			TableOptions{Properties: []string{"name"}}, lines("", "Name", "----", "a", "")},
		{"missing property keeps its column", []any{obj("Name", "a")},
			TableOptions{Properties: []string{"Name", "Zzz"}}, lines("", "Name Zzz", "---- ---", "a", "")},
		{"different shapes share the selected columns", []any{obj("Name", "a"), obj("Name", "bb", "Other", 1)},
			TableOptions{Properties: []string{"Name"}}, lines("", "Name", "----", "a", "bb", "")},
		{"autosize hashtable", []any{hashtable("a", 1, "key", "v")}, TableOptions{AutoSize: true},
			lines("", "Name Value", "---- -----", "a    1", "key  v", "")},
		{"hashtable keeps Name at 30", []any{hashtable("a", 1)}, TableOptions{},
			lines("", pad("Name", 30)+" Value", pad("----", 30)+" -----", pad("a", 30)+" 1", "")},
		{"hide headers", []any{obj("Name", "alice", "N", "xy")}, TableOptions{HideTableHeaders: true},
			lines("", "alice xy", "")},
		{"wrap", []any{obj("Name", "short", "Description", "the quick brown fox jumps")},
			TableOptions{Wrap: true, Width: 20},
			lines("", "Name  Description", "----  -----------", "short the quick", "      brown fox", "      jumps", "")},
		{"cut without wrap", []any{obj("Name", "short", "Description", "the quick brown fox jumps")},
			TableOptions{Width: 20}, lines("", "Name  Description", "----  -----------", "short the quick bro…", "")},
		{"columns with width and alignment", []any{obj("Name", "a", "Size", "12")},
			TableOptions{Columns: []Column{{Label: "Name", Width: 6}, {Label: "Size", Width: 5, Align: "right"}}},
			lines("", pad("Name", 6)+"  Size", pad("----", 6)+"  ----", pad("a", 6)+"    12", "")},
		{"scalars are lines", []any{"abc", 1}, TableOptions{}, lines("abc", "1")},
		{"registered view", []any{typed("licsh.TestUser", "UserPrincipalName", "u@x", "Count", 1, "Other", 2)},
			TableOptions{}, lines("", "UserPrincipalName Count", "----------------- -----", "u@x                   1", "")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := Table(&b, tt.in, withViews(tt.opt)); err != nil {
				t.Fatal(err)
			}
			if got := b.String(); got != tt.want {
				t.Errorf("got:\n%q\nwant:\n%q", got, tt.want)
			}
		})
	}
}

func TestList(t *testing.T) {
	t.Parallel()
	u := obj("Name", "ann", "Department", "Sales", "DisplayName", "Ann", "Count", 2)
	tests := []struct {
		name  string
		in    []any
		props []string
		want  string
	}{
		{"all properties", []any{obj("a", 1, "bb", "x")}, nil, lines("", "a  : 1", "bb : x", "")},
		{"star", []any{obj("a", 1, "bb", "x")}, []string{"*"}, lines("", "a  : 1", "bb : x", "")},
		{"wildcards", []any{u}, []string{"Name", "D*"},
			lines("", "Name        : ann", "Department  : Sales", "DisplayName : Ann", "")},
		{"question mark", []any{obj("ab", 1, "ac", 2, "abc", 3)}, []string{"a?"}, lines("", "ab : 1", "ac : 2", "")},
		{"missing property dropped", []any{u}, []string{"Name", "Nope"}, lines("", "Name : ann", "")},
		{"nothing matches", []any{u}, []string{"Zz*"}, ""},
		{"objects share one list", []any{obj("a", 1), obj("bcd", 2)}, nil, lines("", "a : 1", "", "bcd : 2", "")},
		{"hashtable entries", []any{hashtable("a", 1, "b", "x")}, nil,
			lines("", "Name  : a", "Value : 1", "", "Name  : b", "Value : x", "")},
		{"registered list view", []any{typed("licsh.TestListed", "A", 1, "B", 2, "C", 3)}, nil,
			lines("", "B : 2", "A : 1", "")},
		{"scalars are lines", []any{"abc"}, nil, lines("abc")},
		{"text view lists its properties", []any{typed("licsh.TestText", "Name", "x", "Category", "Cmdlet")}, nil,
			lines("", "Name     : x", "Category : Cmdlet", "")},
		{"array and null values", []any{obj("L", []any{"E3", "E5"}, "N", nil)}, nil, lines("", "L : {E3, E5}", "N :", "")},
		{"date value", []any{obj("When", march1)}, nil, lines("", "When : 3/1/2024 12:00:00 AM", "")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := List(&b, tt.in, tt.props, testViews); err != nil {
				t.Fatal(err)
			}
			if got := b.String(); got != tt.want {
				t.Errorf("got:\n%q\nwant:\n%q", got, tt.want)
			}
		})
	}
}

func TestString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		in    []any
		width int
		want  string
	}{
		{"text view", []any{typed("licsh.TestText", "Name", "x")}, 50, lines("NAME", "    x (50)")},
		{"string", []any{"abc"}, 0, "abc\n"},
		{"nothing", nil, 0, ""},
		{"table", []any{obj("a", 1)}, 0, lines("", "a", "-", "1", "")},
		{"scalar then table", []any{"x", obj("a", 1)}, 0, lines("x", "", "a", "-", "1", "")},
		{"width applies", []any{obj("a", strings.Repeat("z", 10))}, 6, lines("", "a", "-", "zzzzz…", "")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := String(tt.in, tt.width, testViews); got != tt.want {
				t.Errorf("got:\n%q\nwant:\n%q", got, tt.want)
			}
		})
	}
}

func TestFitColumns(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in    []int
		width int
		want  []int
	}{
		{[]int{5, 5}, 20, []int{5, 5}},
		{[]int{5, 20}, 20, []int{5, 14}},
		{[]int{10, 5}, 10, []int{10, -1}},
		{[]int{30, 0}, 120, []int{30, 89}},
		{[]int{0, 0}, 11, []int{5, 5}},
		{[]int{0, 0}, 12, []int{6, 5}},
		{[]int{50, 50, 50}, 60, []int{50, 9, -1}},
		{[]int{200}, 120, []int{120}},
	}
	for _, tt := range tests {
		got := append([]int(nil), tt.in...)
		fitColumns(got, tt.width)
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("fitColumns(%v, %d) = %v, want %v", tt.in, tt.width, got, tt.want)
		}
	}
}

func TestWrapLines(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in    string
		width int
		want  []string
	}{
		{"short", 10, []string{"short"}},
		{"the quick brown fox", 10, []string{"the quick ", "brown fox"}},
		{"abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"a\r\nb", 10, []string{"a", "b"}},
		{"ab cdefgh", 4, []string{"ab c", "defg", "h"}},
	}
	for _, tt := range tests {
		if got := wrapLines(tt.in, tt.width); fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("wrapLines(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
		}
	}
}

// TestNoPanic feeds odd values and widths through every entry point.
func TestNoPanic(t *testing.T) {
	t.Parallel()
	self := &value.List{}
	self.Items = []any{self, 1}
	inputs := []any{nil, []any{nil, []any{}}, self, obj(), obj("", ""), hashtable("", nil),
		bag{}, uuid.Nil, time.Duration(-1), "é✓", obj("a", strings.Repeat("é", 300))}
	for _, w := range []int{-1, 0, 1, 2, 4, 5, 6, 120} {
		String(inputs, w, testViews)
		Table(io.Discard, inputs, TableOptions{Width: w, Wrap: true, Properties: []string{"*", "a"}})
		Table(io.Discard, inputs, TableOptions{Width: w, AutoSize: true})
		List(io.Discard, inputs, []string{"[", "a"}, testViews)
	}
}

func TestNarrowTableShowsOnlyScalars(t *testing.T) {
	t.Parallel()
	got := String([]any{obj("a", 1), "x"}, 4, testViews)
	if got != "x\n" {
		t.Errorf("got %q, want %q", got, "x\n")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteError(t *testing.T) {
	t.Parallel()
	f := New(failWriter{}, 0, testViews)
	if err := f.Write("x"); err == nil || err.Error() != "disk full" {
		t.Errorf("Write error = %v, want disk full", err)
	}
	f = New(failWriter{}, 0, testViews)
	f.Write(obj("a", 1))
	if err := f.Close(); err == nil {
		t.Error("Close did not report the failed table write")
	}
}

func BenchmarkFormatter100k(b *testing.B) {
	objs := make([]any, 100000)
	for i := range objs {
		objs[i] = typed("licsh.BenchUser", "UserPrincipalName", fmt.Sprintf("user%d@contoso.com", i),
			"Department", "Sales", "Licenses", []any{"SPE_E5", "EMS"}, "Enabled", i%2 == 0)
	}
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		f := New(io.Discard, 120, testViews)
		for _, o := range objs {
			if err := f.Write(o); err != nil {
				b.Fatal(err)
			}
		}
		if err := f.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// withViews gives Format-Table's options the tests' views.
func withViews(opt TableOptions) TableOptions {
	opt.Views = testViews
	return opt
}
