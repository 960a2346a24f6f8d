package value

import (
	"testing"
	"time"

	"github.com/google/uuid"
)

func TestCallMethod(t *testing.T) {
	t.Parallel()
	dt := time.Date(2024, 1, 31, 10, 0, 0, 0, time.Local)
	tests := []struct {
		v    any
		name string
		args []any
		want string
	}{
		{"AbC", "ToLower", nil, "'abc'"},
		{"AbC", "toupper", nil, "'ABC'"},
		{"  x  ", "Trim", nil, "'x'"},
		{"  x  ", "TrimStart", nil, "'x  '"},
		{"  x  ", "TrimEnd", nil, "'  x'"},
		{"--x--", "Trim", arr("-"), "'x'"},
		{"xyaxy", "Trim", arr("x", "y"), "'a'"},
		{"a,b,,c", "Split", arr(","), "@('a', 'b', '', 'c')"},
		{"a,b;c", "Split", arr(",", ";"), "@('a', 'b', 'c')"},
		{"a,b;c", "Split", arr(arr(",", ";")), "@('a', 'b', 'c')"},
		{"a--b", "Split", arr("--"), "@('a', 'b')"},
		{"Hello", "Substring", arr(10), `!Exception calling "Substring" with "1" argument(s): "startIndex cannot be larger than length of string. (Parameter 'startIndex')"`},
		{arr("x", "yy"), "ToUpper", nil, "@('X', 'YY')"},
		{&List{Items: arr("x")}, "ToUpper", nil, "'X'"},
		{arr(arr("a", "b"), "c"), "ToUpper", nil, "@('A', 'B', 'C')"},
		{arr("a,b", "c"), "Split", arr(","), "@('a', 'b', 'c')"},
		{arr("x", 1), "ToUpper", nil, "!Method invocation failed because [System.Int32] does not contain a method named 'ToUpper'."},
		{arr(), "ToUpper", nil, "!Method invocation failed because [System.Object[]] does not contain a method named 'ToUpper'."},
		{selfContaining(), "Foo", nil, "!Method invocation failed because [System.Int32] does not contain a method named 'Foo'."},
		{arr(selfContaining(), selfContaining()), "CompareTo", arr(1), "@(0, 0)"},
		{arr(1, 2), "Remove", arr(1), `!Exception calling "Remove" with "1" argument(s): "Collection was of a fixed size."`},
		{Char('a'), "ToString", nil, "'a'"},
		{Char('a'), "GetType", nil, "[System.Char]"},
		{Char('a'), "ToUpper", nil, "!Method invocation failed because [System.Char] does not contain a method named 'ToUpper'."},
		{date("2024-03-01"), "ToString", arr("o"), "'2024-03-01T00:00:00.0000000'"},
		{time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), "ToString", arr("o"), "'2024-03-01T00:00:00.0000000Z'"},
		{date("2024-03-01T10:00:00Z"), "ToUniversalTime", nil, "[datetime]'2024-03-01 10:00:00'"},
		{"a,b,c", "Split", arr(",", 2), "@('a', 'b,c')"},
		{"a,,b", "Split", arr(",", "RemoveEmptyEntries"), "@('a', 'b')"},
		{"a b", "Split", nil, "@('a', 'b')"},
		{"Hello", "Replace", arr("l", "L"), "'HeLLo'"},
		{"Hello", "Replace", arr("L", "x"), "'Hello'"},
		{"a.b", "Replace", arr(".", "-"), "'a-b'"},
		{"Hello", "Replace", arr("", "x"), `!Exception calling "Replace" with "2" argument(s): "The value cannot be an empty string. (Parameter 'oldValue')"`},
		{"Hello", "Substring", arr(1), "'ello'"},
		{"Hello", "Substring", arr(1, 3), "'ell'"},
		{"Hello", "Substring", arr(9), `!Exception calling "Substring" with "1" argument(s): "startIndex cannot be larger than length of string. (Parameter 'startIndex')"`},
		{"Hello", "Substring", arr(2, 9), `!Exception calling "Substring" with "2" argument(s): "Index and length must refer to a location within the string. (Parameter 'length')"`},
		{"Hello", "Substring", arr(1, 2, 3), `!Cannot find an overload for "Substring" and the argument count: "3".`},
		{"Hello", "StartsWith", arr("He"), "$true"},
		{"Hello", "StartsWith", arr("he"), "$false"},
		{"Hello", "StartsWith", arr("he", "OrdinalIgnoreCase"), "$true"},
		{"Hello", "EndsWith", arr("lo"), "$true"},
		{"Hello", "Contains", arr("ell"), "$true"},
		{"Hello", "Contains", arr("ELL"), "$false"},
		{"Hello", "IndexOf", arr("l"), "2"},
		{"Hello", "IndexOf", arr("l", 3), "3"},
		{"Hello", "IndexOf", arr("z"), "-1"},
		{"Hello", "LastIndexOf", arr("l"), "3"},
		{"7", "PadLeft", arr(3, "0"), "'007'"},
		{"7", "PadLeft", arr(3), "'  7'"},
		{"ab", "PadRight", arr(4, "."), "'ab..'"},
		{"abcd", "PadLeft", arr(2), "'abcd'"},
		{"ad", "Insert", arr(1, "bc"), "'abcd'"},
		{"abcd", "Remove", arr(1, 2), "'ad'"},
		{"abcd", "Remove", arr(2), "'ab'"},
		{"ab", "ToCharArray", nil, "@([char]'a', [char]'b')"},
		{"b", "CompareTo", arr("a"), "1"},
		{"a", "Equals", arr("a"), "$true"},
		{"a", "Equals", arr("A"), "$false"},
		{"a", "Equals", arr("A", "OrdinalIgnoreCase"), "$true"},
		{"a", "ToString", nil, "'a'"},
		{"a", "GetType", nil, "[System.String]"},
		{"a", "Foo", nil, "!Method invocation failed because [System.String] does not contain a method named 'Foo'."},
		{1, "Equals", arr("1"), "$false"},
		{1, "Equals", arr(1), "$true"},
		{1234.5, "ToString", arr("N1"), "'1,234.5'"},
		{42, "ToString", nil, "'42'"},
		{42, "ToString", arr("D4"), "'0042'"},
		{5, "CompareTo", arr(7), "-1"},
		{1, "GetType", nil, "[System.Int32]"},
		{nil, "ToString", nil, "!You cannot call a method on a null-valued expression."},
		{arr(1, 2), "Contains", arr(2), "$true"},
		{arr(1, 2), "Contains", arr("2"), "$false"},
		{arr("a", "b"), "IndexOf", arr("b"), "1"},
		{arr(1, 2), "Clone", nil, "@(1, 2)"},
		{arr(1, 2), "GetType", nil, "[System.Object[]]"},
		{arr(1, 2), "Add", arr(3), `!Exception calling "Add" with "1" argument(s): "Collection was of a fixed size."`},
		{&List{Items: arr(1)}, "Contains", arr(1), "$true"},
		{&List{Items: arr(1, 2)}, "IndexOf", arr(2), "1"},
		{&List{Items: arr(1, 2)}, "ToArray", nil, "@(1, 2)"},
		{ht("a", 1), "ContainsKey", arr("A"), "$true"},
		{ht("a", 1), "ContainsKey", arr("b"), "$false"},
		{ht("a", 1), "ContainsValue", arr(1), "$true"},
		{ht("a", 1), "Add", arr(nil, 1), `!Exception calling "Add" with "2" argument(s): "Key cannot be null. (Parameter 'key')"`},
		{ht("a", 1), "Clone", nil, "@{'a'=1}"},
		{ht("a", 1), "GetEnumerator", nil, "@([pscustomobject]@{Name='a'; Key='a'; Value=1})"},
		{ht("a", 1), "Add", arr("A", 2), `!Exception calling "Add" with "2" argument(s): "Item has already been added. Key in dictionary: 'a'  Key being added: 'A'"`},
		{dt, "AddDays", arr(1), "[datetime]'2024-02-01 10:00:00'"},
		{dt, "AddDays", arr(-0.5), "[datetime]'2024-01-30 22:00:00'"},
		{dt, "AddHours", arr(2), "[datetime]'2024-01-31 12:00:00'"},
		{dt, "AddMinutes", arr(90), "[datetime]'2024-01-31 11:30:00'"},
		{dt, "AddSeconds", arr(30), "[datetime]'2024-01-31 10:00:30'"},
		{dt, "AddMonths", arr(1), "[datetime]'2024-02-29 10:00:00'"},
		{dt, "AddMonths", arr(-2), "[datetime]'2023-11-30 10:00:00'"},
		{dt, "AddYears", arr(1), "[datetime]'2025-01-31 10:00:00'"},
		{dt, "ToString", arr("yyyy-MM-dd"), "'2024-01-31'"},
		{dt, "ToString", nil, "'1/31/2024 10:00:00 AM'"},
		{dt, "ToShortDateString", nil, "'1/31/2024'"},
		{dt, "ToLongDateString", nil, "'Wednesday, January 31, 2024'"},
		{dt, "ToShortTimeString", nil, "'10:00 AM'"},
		{dt, "Subtract", arr(dt.AddDate(0, 0, -1)), "[timespan]'1.00:00:00'"},
		{dt, "GetType", nil, "[System.DateTime]"},
		{dt, "Foo", nil, "!Method invocation failed because [System.DateTime] does not contain a method named 'Foo'."},
		{90 * time.Minute, "ToString", nil, "'01:30:00'"},
		{90 * time.Minute, "ToString", arr(`hh\:mm`), "'01:30'"},
		{90 * time.Minute, "Add", arr(30 * time.Minute), "[timespan]'02:00:00'"},
		{-time.Hour, "Duration", nil, "[timespan]'01:00:00'"},
		{-time.Hour, "Negate", nil, "[timespan]'01:00:00'"},
		{uuid.Nil, "ToString", nil, "'00000000-0000-0000-0000-000000000000'"},
		{uuid.Nil, "ToString", arr("B"), "'{00000000-0000-0000-0000-000000000000}'"},
		{obj("a", 1), "ToString", nil, "'@{a=1}'"},
		{mustRe("b"), "IsMatch", arr("abc"), "$true"},
		{mustRe("b"), "Replace", arr("abc", "X"), "'aXc'"},
	}
	for _, tt := range tests {
		v, err := CallMethod(tt.v, tt.name, tt.args)
		if got := result(v, err); got != tt.want {
			t.Errorf("%s.%s(%s) = %s, want %s", repr(tt.v), tt.name, repr(tt.args), got, tt.want)
		}
	}
}

func mustRe(p string) *Regex { r, _ := NewRegex(p, true); return r }

func TestListMethods(t *testing.T) {
	t.Parallel()
	l := &List{}
	steps := []struct {
		name string
		args []any
		want string // the method's result, then the list
	}{
		{"Add", arr(1), "$null [list]@(1)"},
		{"Add", arr("b"), "$null [list]@(1, 'b')"},
		{"AddRange", arr(arr(3, 4)), "$null [list]@(1, 'b', 3, 4)"},
		{"Insert", arr(0, "first"), "$null [list]@('first', 1, 'b', 3, 4)"},
		{"Remove", arr("b"), "$true [list]@('first', 1, 3, 4)"},
		{"Remove", arr("zz"), "$false [list]@('first', 1, 3, 4)"},
		{"RemoveAt", arr(0), "$null [list]@(1, 3, 4)"},
		{"RemoveAt", arr(7), `!Exception calling "RemoveAt" with "1" argument(s): "Index was out of range. Must be non-negative and less than the size of the collection. (Parameter 'index')" [list]@(1, 3, 4)`},
		{"Reverse", nil, "$null [list]@(4, 3, 1)"},
		{"Sort", nil, "$null [list]@(1, 3, 4)"},
		{"Contains", arr(3), "$true [list]@(1, 3, 4)"},
		{"Clear", nil, "$null [list]@()"},
	}
	for _, s := range steps {
		v, err := CallMethod(l, s.name, s.args)
		if got := result(v, err) + " " + repr(l); got != s.want {
			t.Errorf(".%s(%s) = %s, want %s", s.name, repr(s.args), got, s.want)
		}
	}
	al := &List{ArrayList: true}
	arrayListSteps := []struct {
		name string
		args []any
		want string
	}{
		{"Add", arr("a"), "0 [arraylist]@('a')"},
		{"Add", arr("b"), "1 [arraylist]@('a', 'b')"},
		{"Remove", arr("a"), "$null [arraylist]@('b')"},
		{"Remove", arr("zz"), "$null [arraylist]@('b')"},
		{"GetType", nil, "[System.Collections.ArrayList] [arraylist]@('b')"},
	}
	for _, s := range arrayListSteps {
		v, err := CallMethod(al, s.name, s.args)
		if got := result(v, err) + " " + repr(al); got != s.want {
			t.Errorf("ArrayList.%s(%s) = %s, want %s", s.name, repr(s.args), got, s.want)
		}
	}
}

func TestHashtableMethods(t *testing.T) {
	t.Parallel()
	h := ht()
	steps := []struct {
		name string
		args []any
		want string
	}{
		{"Add", arr("a", 1), "$null @{'a'=1}"},
		{"Add", arr("b", 2), "$null @{'a'=1; 'b'=2}"},
		{"Remove", arr("A"), "$null @{'b'=2}"},
		{"Remove", arr("zz"), "$null @{'b'=2}"},
		{"Clear", nil, "$null @{}"},
	}
	for _, s := range steps {
		v, err := CallMethod(h, s.name, s.args)
		if got := result(v, err) + " " + repr(h); got != s.want {
			t.Errorf(".%s(%s) = %s, want %s", s.name, repr(s.args), got, s.want)
		}
	}
}

func TestStatics(t *testing.T) {
	t.Parallel()
	now := func() time.Time { return time.Date(2024, 3, 1, 15, 30, 0, 0, time.Local) }
	props := []struct {
		typ, name, want string
	}{
		{"int", "MaxValue", "2147483647"},
		{"int", "MinValue", "-2147483648"},
		{"System.Int32", "maxvalue", "2147483647"},
		{"long", "MaxValue", "9223372036854775807L"},
		{"double", "MaxValue", "1.7976931348623157E+308d"},
		{"math", "PI", "3.141592653589793d"},
		{"Math", "E", "2.718281828459045d"},
		{"string", "Empty", "''"},
		{"datetime", "Now", "[datetime]'2024-03-01 15:30:00'"},
		{"datetime", "Today", "[datetime]'2024-03-01 00:00:00'"},
		{"guid", "Empty", "[guid]'00000000-0000-0000-0000-000000000000'"},
		{"System.Environment", "NewLine", "'\n'"},
		{"int", "Nope", "$null"},
		{"Nope", "X", "!Unable to find type [Nope]."},
	}
	for _, p := range props {
		v, err := GetStatic(p.typ, p.name, now)
		if got := result(v, err); got != p.want {
			t.Errorf("[%s]::%s = %s, want %s", p.typ, p.name, got, p.want)
		}
	}
	calls := []struct {
		typ, name string
		args      []any
		want      string
	}{
		{"math", "Round", arr(2.5), "2d"},
		{"math", "Round", arr(3.5), "4d"},
		{"math", "Round", arr(-2.5), "-2d"},
		{"math", "Round", arr(2.345, 2), "2.35d"},
		{"math", "Round", arr(1.005, 2), "1d"},
		{"math", "Round", arr(2.5, "AwayFromZero"), "3d"},
		{"math", "Round", arr(2.25, 1, "AwayFromZero"), "2.3d"},
		{"math", "Round", arr(7), "7d"},
		{"math", "Round", arr(2.675, 2), "2.67d"},
		{"math", "Round", arr(-2.675, 2), "-2.67d"},
		{"math", "Round", arr(0.125, 2), "0.12d"},
		{"math", "Round", arr(0.125, 2, "AwayFromZero"), "0.13d"},
		{"math", "Round", arr(0.375, 2), "0.38d"},
		{"math", "Round", arr(9.995, 2), "9.99d"},
		{"math", "Round", arr(123.456, 1), "123.5d"},
		{"math", "Round", arr(0.5, 3), "0.5d"},
		{"math", "Floor", arr(2.7), "2d"},
		{"math", "Floor", arr(-2.5), "-3d"},
		{"math", "Ceiling", arr(2.1), "3d"},
		{"math", "Truncate", arr(-2.7), "-2d"},
		{"math", "Abs", arr(-5), "5"},
		{"math", "Abs", arr(-5.5), "5.5d"},
		{"math", "Max", arr(3, 7), "7"},
		{"math", "Min", arr(3, 7.5), "3d"},
		{"math", "Pow", arr(2, 10), "1024d"},
		{"math", "Sqrt", arr(16), "4d"},
		{"math", "Sign", arr(-3), "-1"},
		{"math", "Log10", arr(1000), "3d"},
		{"math", "Round", arr("x"), `!Cannot convert value "x" to type "System.Double". Error: "The input string 'x' was not in a correct format."`},
		{"math", "Foo", arr(1), "!Method invocation failed because [System.Math] does not contain a method named 'Foo'."},
		{"string", "IsNullOrEmpty", arr(nil), "$true"},
		{"string", "IsNullOrEmpty", arr(""), "$true"},
		{"string", "IsNullOrEmpty", arr(" "), "$false"},
		{"string", "IsNullOrWhiteSpace", arr(" \t"), "$true"},
		{"string", "Join", arr(", ", arr("a", "b")), "'a, b'"},
		{"string", "Join", arr("-", "a", "b", "c"), "'a-b-c'"},
		{"string", "Format", arr("{0}-{1}", "a", "b"), "'a-b'"},
		{"string", "Format", arr("{0:N1}", 2.25), "'2.3'"},
		{"string", "Concat", arr("a", 1, nil), "'a1'"},
		{"string", "Compare", arr("a", "B"), "-1"},
		{"string", "Compare", arr("a", "A", true), "0"},
		{"string", "Equals", arr("a", "a"), "$true"},
		{"datetime", "Parse", arr("2024-03-01"), "[datetime]'2024-03-01 00:00:00'"},
		{"datetime", "ParseExact", arr("01.03.2024", "dd.MM.yyyy", nil), "[datetime]'2024-03-01 00:00:00'"},
		{"datetime", "ParseExact", arr("2024-03-01 14:05", "yyyy-MM-dd HH:mm", nil), "[datetime]'2024-03-01 14:05:00'"},
		{"datetime", "ParseExact", arr("x", "yyyy", nil), `!Exception calling "ParseExact" with "3" argument(s): "String 'x' was not recognized as a valid DateTime."`},
		{"datetime", "DaysInMonth", arr(2024, 2), "29"},
		{"datetime", "IsLeapYear", arr(2023), "$false"},
		{"guid", "Parse", arr("0B2A3C4D-1111-2222-3333-444455556666"), "[guid]'0b2a3c4d-1111-2222-3333-444455556666'"},
		{"int", "Parse", arr("42"), "42"},
		{"int", "Parse", arr("x"), `!Exception calling "Parse" with "1" argument(s): "Input string was not in a correct format."`},
		{"regex", "Escape", arr("a.b*c"), `'a\.b\*c'`},
		{"regex", "IsMatch", arr("abc", "B"), "$false"},
		{"regex", "IsMatch", arr("abc", "B", "IgnoreCase"), "$true"},
		{"regex", "Replace", arr("a1b2", `\d`, "#"), "'a#b#'"},
		{"regex", "Split", arr("a1b2c", `\d`), "@('a', 'b', 'c')"},
		{"regex", "Match", arr("abc", "b+"), "[pscustomobject]@{Success=$true; Value='b'; Index=1; Length=1; Groups=[ordered]@{0=[pscustomobject]@{Success=$true; Name='0'; Value='b'; Index=1; Length=1}}}"},
		{"System.IO.Path", "GetFileName", arr("/tmp/users.csv"), "'users.csv'"},
		{"System.IO.Path", "GetExtension", arr("/tmp/users.csv"), "'.csv'"},
		{"System.IO.Path", "GetFileNameWithoutExtension", arr("/tmp/users.csv"), "'users'"},
		{"System.IO.Path", "GetDirectoryName", arr("/tmp/users.csv"), "'/tmp'"},
		{"System.IO.Path", "Combine", arr("/tmp", "a", "b.csv"), "'/tmp/a/b.csv'"},
		{"Convert", "ToInt32", arr("1F", 16), "31"},
		{"Convert", "ToInt32", arr(2.5), "2"},
		{"Convert", "ToString", arr(255, 2), "'11111111'"},
		{"Convert", "ToBoolean", arr("true"), "$true"},
		{"timespan", "FromMinutes", arr(90), "[timespan]'01:30:00'"},
		{"Nope", "X", nil, "!Unable to find type [Nope]."},
		{"array", "IndexOf", arr(arr(1, 2, 3), 2), "1"},
		{"array", "IndexOf", arr(arr(1, 2, 3), "2"), "-1"},
		{"array", "IndexOf", arr(arr("a", "b"), "B"), "-1"},
		{"array", "LastIndexOf", arr(arr(1, 2, 1), 1), "2"},
		{"array", "IndexOf", arr(5, 5), "0"},
		{"array", "IndexOf", arr(arr(1)), `!Cannot find an overload for "IndexOf" and the argument count: "1".`},
		{"array", "Reverse", arr(arr(1, 2, 3)), "$null"},
		{"regex", "Matches", arr("a1b2c3", `\d`), "@([pscustomobject]@{Success=$true; Value='1'; Index=1; Length=1; Groups=[ordered]@{0=[pscustomobject]@{Success=$true; Name='0'; Value='1'; Index=1; Length=1}}}, [pscustomobject]@{Success=$true; Value='2'; Index=3; Length=1; Groups=[ordered]@{0=[pscustomobject]@{Success=$true; Name='0'; Value='2'; Index=3; Length=1}}}, [pscustomobject]@{Success=$true; Value='3'; Index=5; Length=1; Groups=[ordered]@{0=[pscustomobject]@{Success=$true; Name='0'; Value='3'; Index=5; Length=1}}})"},
		{"regex", "Matches", arr("abc", `\d`), "@()"},
		{"regex", "Match", arr("x", "y"), "[pscustomobject]@{Success=$false; Value=''; Index=0; Length=0; Groups=[ordered]@{0=[pscustomobject]@{Success=$false; Name='0'; Value=''; Index=0; Length=0}}}"},
		{"System.Collections.ArrayList", "new", nil, "[arraylist]@()"},
		{"System.Collections.Generic.List[int]", "new", arr(arr("1", 2)), "[list]@(1, 2)"},
		{"System.Collections.Generic.List[object]", "new", arr(10), "[list]@()"},
		{"hashtable", "new", nil, "@{}"},
		{"ordered", "new", nil, "[ordered]@{}"},
		{"datetime", "new", arr(2024, 3, 1), "[datetime]'2024-03-01 00:00:00'"},
		{"datetime", "new", arr(2024, 2, 30), `!Exception calling ".ctor" with "3" argument(s): "Year, Month, and Day parameters describe an un-representable DateTime."`},
		{"timespan", "new", arr(1, 2, 3), "[timespan]'01:02:03'"},
		{"timespan", "new", arr(1, 2, 3, 4), "[timespan]'1.02:03:04'"},
		{"regex", "new", arr(`\d`), `[regex]'\d'`},
	}
	for _, c := range calls {
		v, err := CallStatic(c.typ, c.name, c.args)
		if got := result(v, err); got != c.want {
			t.Errorf("[%s]::%s(%s) = %s, want %s", c.typ, c.name, repr(c.args), got, c.want)
		}
	}
	if g, err := CallStatic("guid", "NewGuid", nil); err != nil || g.(uuid.UUID) == uuid.Nil {
		t.Errorf("NewGuid = %v, %v", g, err)
	}
}
