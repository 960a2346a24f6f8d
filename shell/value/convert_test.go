package value

import (
	"math"
	"testing"
	"time"

	"github.com/google/uuid"
)

func TestConvert(t *testing.T) {
	t.Parallel()
	g := uuid.MustParse("0b2a3c4d-1111-2222-3333-444455556666")
	tests := []struct {
		v    any
		typ  string
		want string
	}{
		{"  42 ", "int", "42"},
		{2.5, "int", "2"},
		{3.5, "int", "4"},
		{-2.5, "int", "-2"},
		{"2.5", "int", "2"},
		{"0x1F", "int", "31"},
		{"1kb", "int", "1024"},
		{"", "int", "0"},
		{nil, "int", "0"},
		{true, "int", "1"},
		{"abc", "int", `!Cannot convert value "abc" to type "System.Int32". Error: "The input string 'abc' was not in a correct format."`},
		{"99999999999", "int", `!Cannot convert value "99999999999" to type "System.Int32". Error: "Value was either too large or too small for an Int32."`},
		{arr(5), "int", "5"},
		{arr(1, 2), "int", `!Cannot convert the "1 2" value of type "System.Object[]" to type "System.Int32".`},
		{ht(), "int", `!Cannot convert the "System.Collections.Hashtable" value of type "System.Collections.Hashtable" to type "System.Int32".`},
		{"42", "System.Int32", "42"},
		{"42", "INT32", "42"},
		{"42", "[int]", "42"},
		{"99999999999", "long", "99999999999L"},
		{7, "int64", "7L"},
		{"1.5", "double", "1.5d"},
		{3, "double", "3d"},
		{"1e3", "float", "1000d"},
		{"2.25", "decimal", "2.25d"},
		{"x", "double", `!Cannot convert value "x" to type "System.Double". Error: "The input string 'x' was not in a correct format."`},
		{"False", "bool", "$true"},
		{"", "bool", "$false"},
		{0, "bool", "$false"},
		{arr(), "bool", "$false"},
		{1, "switch", "$true"},
		{nil, "string", "''"},
		{1.5, "string", "'1.5'"},
		{arr(1, arr(2, 3)), "string", "'1 System.Object[]'"},
		{true, "System.String", "'True'"},
		{"a", "string[]", "@('a')"},
		{arr(1, 2), "string[]", "@('1', '2')"},
		{arr("1", "2"), "int[]", "@(1, 2)"},
		{arr("x"), "int[]", `!Cannot convert value "x" to type "System.Int32". Error: "The input string 'x' was not in a correct format."`},
		{nil, "string[]", "$null"},
		{1, "array", "@(1)"},
		{arr(1, 2), "object[]", "@(1, 2)"},
		{&List{Items: arr(1)}, "array", "@(1)"},
		{nil, "array", "$null"},
		{1, "object", "1"},
		{"a", "char", "[char]'a'"},
		{65, "char", "[char]'A'"},
		{"ab", "char", `!Cannot convert value "ab" to type "System.Char". Error: "String must be exactly one character long."`},
		{Char('A'), "int", "65"},
		{Char('A'), "long", "65L"},
		{Char('A'), "double", "65d"},
		{Char('A'), "string", "'A'"},
		{Char('A'), "char", "[char]'A'"},
		{nil, "char", "[char]'\x00'"},
		{"ab", "char[]", "@([char]'a', [char]'b')"},
		{arr("a", 66), "char[]", "@([char]'a', [char]'B')"},
		{arr(1, 2), "System.Collections.ArrayList", "[arraylist]@(1, 2)"},
		{"200", "byte", "200"},
		{300, "byte", `!Cannot convert value "300" to type "System.Byte". Error: "Value was either too large or too small for a Byte."`},
		{"2024-03-01", "datetime", "[datetime]'2024-03-01 00:00:00'"},
		{"2024-03-01T10:30:00", "datetime", "[datetime]'2024-03-01 10:30:00'"},
		{"03/01/2024", "datetime", "[datetime]'2024-03-01 00:00:00'"},
		{"3/1/2024 2:05:00 PM", "datetime", "[datetime]'2024-03-01 14:05:00'"},
		{"nope", "datetime", `!Cannot convert value "nope" to type "System.DateTime". Error: "String 'nope' was not recognized as a valid DateTime."`},
		{"01:30:00", "timespan", "[timespan]'01:30:00'"},
		{"1.02:03:04", "timespan", "[timespan]'1.02:03:04'"},
		{"2", "timespan", "[timespan]'2.00:00:00'"},
		{10000000, "timespan", "[timespan]'00:00:01'"},
		{"0B2A3C4D-1111-2222-3333-444455556666", "guid", "[guid]'0b2a3c4d-1111-2222-3333-444455556666'"},
		{g, "guid", "[guid]'0b2a3c4d-1111-2222-3333-444455556666'"},
		{"x", "guid", `!Cannot convert value "x" to type "System.Guid". Error: "Guid should contain 32 digits with 4 dashes (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)."`},
		{ht("b", 1, "a", 2), "pscustomobject", "[pscustomobject]@{b=1; a=2}"},
		{ht("b", 1), "ordered", "[ordered]@{'b'=1}"},
		{ht("b", 1), "hashtable", "@{'b'=1}"},
		{obj("a", 1), "hashtable", `!Cannot convert the "@{a=1}" value of type "System.Management.Automation.PSCustomObject" to type "System.Collections.Hashtable".`},
		{obj("a", 1), "psobject", "[pscustomobject]@{a=1}"},
		{"a+", "regex", "[regex]'a+'"},
		{arr(1, "2"), "System.Collections.Generic.List[object]", "[list]@(1, '2')"},
		{arr(1, 2), "System.Collections.Generic.List[string]", "[list]@('1', '2')"},
		{"x", "System.Collections.ArrayList", "[arraylist]@('x')"},
		{"int", "type", "[int]"},
		{"x", "scriptblock", `!Cannot convert the "x" value of type "System.String" to type "System.Management.Automation.ScriptBlock".`},
		{1, "math", `!Cannot convert the "1" value of type "System.Int32" to type "System.Math".`},
		{1, "Foo.Bar", "!Unable to find type [Foo.Bar]."},
	}
	for _, tt := range tests {
		v, err := Convert(tt.v, tt.typ)
		if got := result(v, err); got != tt.want {
			t.Errorf("[%s]%s = %s, want %s", tt.typ, repr(tt.v), got, tt.want)
		}
	}
	var sb ScriptBlock = fakeBlock("1+1")
	if v, err := Convert(sb, "scriptblock"); err != nil || v != sb {
		t.Errorf("[scriptblock] of a script block = %v, %v", v, err)
	}
	if _, err := Convert("abc", "int"); err.(*Error).ID != "InvalidCastFromStringToInteger" {
		t.Errorf("[int]'abc' error ID = %s", err.(*Error).ID)
	}
}

func TestIsType(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v    any
		typ  string
		want string
	}{
		{arr(), "array", "$true"},
		{&List{}, "array", "$false"},
		{&List{}, "System.Collections.Generic.List[object]", "$true"},
		{"a", "string", "$true"},
		{1, "int", "$true"},
		{1, "System.Int32", "$true"},
		{int64(1), "int", "$false"},
		{int64(1), "long", "$true"},
		{1.0, "double", "$true"},
		{true, "bool", "$true"},
		{obj(), "psobject", "$true"},
		{obj(), "pscustomobject", "$true"},
		{ht(), "pscustomobject", "$false"},
		{ht(), "hashtable", "$true"},
		{&Hashtable{Ordered: true}, "hashtable", "$false"},
		{&Hashtable{Ordered: true}, "System.Collections.Specialized.OrderedDictionary", "$true"},
		{&Hashtable{Ordered: true}, "System.Collections.IDictionary", "$true"},
		{time.Now(), "datetime", "$true"},
		{time.Hour, "timespan", "$true"},
		{uuid.Nil, "guid", "$true"},
		{1, "object", "$true"},
		{nil, "object", "$false"},
		{arr("a", "b"), "object[]", "$true"},
		{arr("a", "b"), "string[]", "$true"},
		{arr("a", 1), "string[]", "$false"},
		{1, "ValueType", "$true"},
		{"s", "System.Collections.IEnumerable", "$true"},
		{Type{Name: "int"}, "type", "$true"},
		{1, "NoSuchType", "!Unable to find type [NoSuchType]."},
		{Char('a'), "char", "$true"},
		{"a", "char", "$false"},
		{Char('a'), "string", "$false"},
		{Char('a'), "ValueType", "$true"},
		{obj(), "System.Management.Automation.PSCustomObject", "$true"},
		{&List{ArrayList: true}, "System.Collections.ArrayList", "$true"},
		{&List{ArrayList: true}, "System.Collections.Generic.List[object]", "$false"},
		{&List{}, "System.Collections.ArrayList", "$false"},
		{fakeTyped{"System.Management.Automation.ErrorRecord"}, "System.Management.Automation.ErrorRecord", "$true"},
		{fakeTyped{"System.Management.Automation.RuntimeException", "System.SystemException", "System.Exception"}, "System.Exception", "$true"},
		{fakeTyped{"System.Management.Automation.RuntimeException"}, "System.Management.Automation.ErrorRecord", "$false"},
		{obj(), "System.Exception", "$false"},
	}
	for _, tt := range tests {
		v, err := IsType(tt.v, tt.typ)
		if got := result(v, err); got != tt.want {
			t.Errorf("%s -is [%s] = %s, want %s", repr(tt.v), tt.typ, got, tt.want)
		}
	}
}

func TestToString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v    any
		want string
	}{
		{nil, ""},
		{true, "True"},
		{false, "False"},
		{42, "42"},
		{int64(-7), "-7"},
		{1.5, "1.5"},
		{1e20, "1E+20"},
		{0.1, "0.1"},
		{100.0, "100"},
		{d("2024-03-01 14:05:09"), "03/01/2024 14:05:09"},
		{90 * time.Minute, "01:30:00"},
		{26*time.Hour + 1500*time.Millisecond, "1.02:00:01.5000000"},
		{-time.Minute, "-00:01:00"},
		{uuid.MustParse("0B2A3C4D-1111-2222-3333-444455556666"), "0b2a3c4d-1111-2222-3333-444455556666"},
		{arr(1, 2, 3), "1 2 3"},
		{arr("a", nil, "b"), "a  b"},
		{arr(1, arr(2, 3)), "1 System.Object[]"},
		{&List{Items: arr("x", "y")}, "x y"},
		{obj("a", 1, "b", "x"), "@{a=1; b=x}"},
		{obj("a", arr(1, 2)), "@{a=System.Object[]}"},
		{obj(), ""},
		{ht("a", 1), "System.Collections.Hashtable"},
		{&Hashtable{Ordered: true}, "System.Collections.Specialized.OrderedDictionary"},
		{Type{Name: "int"}, "int"},
		{Type{Name: "System.Int32"}, "int"},
		{Type{Name: "System.Text.RegularExpressions.Regex"}, "regex"},
		{&Regex{Pattern: "a+"}, "a+"},
		{fakeBlock(" 1 + 1 "), " 1 + 1 "},
	}
	for _, tt := range tests {
		if got := ToString(tt.v); got != tt.want {
			t.Errorf("ToString(%s) = %q, want %q", repr(tt.v), got, tt.want)
		}
	}
}

func d(s string) time.Time { return date(s) }

func TestToBool(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v    any
		want bool
	}{
		{nil, false}, {false, false}, {true, true}, {0, false}, {1, true}, {int64(0), false},
		{0.0, false}, {0.5, true}, {"", false}, {"False", true}, {"0", true}, {" ", true},
		{arr(), false}, {arr(0), false}, {arr(1), true}, {arr(""), false}, {arr(arr()), false},
		{arr(0, 0), true}, {&List{}, false}, {&List{Items: arr(1)}, true},
		{ht(), true}, {obj(), true}, {time.Time{}, true}, {time.Duration(0), true},
	}
	for _, tt := range tests {
		if got := ToBool(tt.v); got != tt.want {
			t.Errorf("ToBool(%s) = %v, want %v", repr(tt.v), got, tt.want)
		}
	}
}

func TestTypeName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v    any
		want string
	}{
		{"s", "System.String"}, {1, "System.Int32"}, {int64(1), "System.Int64"}, {1.5, "System.Double"},
		{true, "System.Boolean"}, {arr(), "System.Object[]"}, {ht(), "System.Collections.Hashtable"},
		{&Hashtable{Ordered: true}, "System.Collections.Specialized.OrderedDictionary"},
		{obj(), "System.Management.Automation.PSCustomObject"}, {time.Time{}, "System.DateTime"},
		{time.Second, "System.TimeSpan"}, {uuid.Nil, "System.Guid"},
		{&List{}, "System.Collections.Generic.List`1[System.Object]"},
		{fakeBlock(""), "System.Management.Automation.ScriptBlock"},
		{&Regex{}, "System.Text.RegularExpressions.Regex"}, {Type{Name: "int"}, "System.RuntimeType"},
		{Char('a'), "System.Char"}, {&List{ArrayList: true}, "System.Collections.ArrayList"},
		{fakeTyped{"System.Management.Automation.ErrorRecord"}, "System.Management.Automation.ErrorRecord"},
		{fakeTyped{}, "System.Object"},
	}
	for _, tt := range tests {
		if got := TypeName(tt.v); got != tt.want {
			t.Errorf("TypeName(%s) = %q, want %q", repr(tt.v), got, tt.want)
		}
	}
}

func TestParseNumber(t *testing.T) {
	t.Parallel()
	tests := []struct {
		s    string
		want string
	}{
		{"42", "42"}, {" 42 ", "42"}, {"-42", "-42"}, {"+7", "7"}, {"3000000000", "3000000000L"},
		{"1.5", "1.5d"}, {".5", "0.5d"}, {"1e3", "1000d"}, {"1E-2", "0.01d"}, {"0x1F", "31"},
		{"0xFFFFFFFFF", "68719476735L"}, {"1kb", "1024"}, {"2MB", "2097152"}, {"1.5kb", "1536d"},
		{"1gb", "1073741824"}, {"4gb", "4294967296L"},
		{"", "!"}, {"abc", "!"}, {"1_000", "!"}, {"Inf", "!"}, {"NaN", "!"}, {"0x", "!"}, {"1,000", "!"},
		{"99999999999999999999", "1E+20d"},
	}
	for _, tt := range tests {
		v, ok := ParseNumber(tt.s)
		got := "!"
		if ok {
			got = repr(v)
		}
		if got != tt.want {
			t.Errorf("ParseNumber(%q) = %s, want %s", tt.s, got, tt.want)
		}
	}
}

func TestFormatDouble(t *testing.T) {
	t.Parallel()
	tests := []struct {
		f    float64
		want string
	}{
		{0.1, "0.1"}, {1e20, "1E+20"}, {3.5, "3.5"}, {math.Copysign(0, -1), "-0"}, {0, "0"},
		{math.NaN(), "NaN"}, {math.Inf(1), "Infinity"}, {math.Inf(-1), "-Infinity"},
		{123456789012345, "123456789012345"}, {1e15, "1E+15"}, {1234567890123456, "1.234567890123456E+15"},
		{0.0001, "0.0001"}, {0.00001, "1E-05"}, {1.0 / 3, "0.3333333333333333"}, {-2.5e-10, "-2.5E-10"},
		{2147483648, "2147483648"}, {1.7976931348623157e308, "1.7976931348623157E+308"},
	}
	for _, tt := range tests {
		if got := FormatDouble(tt.f); got != tt.want {
			t.Errorf("FormatDouble(%v) = %q, want %q", tt.f, got, tt.want)
		}
	}
}
