package value

import (
	"math"
	"testing"
	"time"
)

func TestBinary(t *testing.T) {
	t.Parallel()
	d1 := date("2024-03-01")
	d2 := date("2024-04-01")
	tests := []struct {
		x    any
		op   string
		y    any
		want string
	}{
		// -eq: the left operand decides the type
		{1, "-eq", "1.0", "$true"},
		{"1.0", "-eq", 1, "$false"},
		{1, "-eq", "1", "$true"},
		{"1", "-eq", 1, "$true"},
		{1, "-eq", 1.0, "$true"},
		{1, "-eq", int64(1), "$true"},
		{1, "-eq", "abc", "$false"},
		{1, "-eq", true, "$true"},
		{0, "-eq", "", "$true"},
		{true, "-eq", "false", "$true"},
		{false, "-eq", "", "$true"},
		{"True", "-eq", true, "$true"},
		{"abc", "-eq", "ABC", "$true"},
		{"abc", "-ceq", "ABC", "$false"},
		{"abc", "-ieq", "ABC", "$true"},
		{"abc", "-ne", "abd", "$true"},
		{"abc", "-cne", "ABC", "$true"},
		{nil, "-eq", nil, "$true"},
		{nil, "-eq", arr(), "$false"},
		{nil, "-eq", 0, "$false"},
		{0, "-eq", nil, "$false"},
		{"", "-eq", nil, "$false"},
		{nil, "-ne", 1, "$true"},
		{arr(), "-eq", nil, "@()"},
		{arr(1, nil, 2, nil), "-eq", nil, "@($null, $null)"},
		{arr(1, nil, 2), "-ne", nil, "@(1, 2)"},
		{arr(1, 2, 3), "-gt", 1, "@(2, 3)"},
		{arr(1, 2, 3), "-eq", 2, "@(2)"},
		{arr(1, 2, 3), "-eq", 5, "@()"},
		{arr("a", "B", "c"), "-ceq", "b", "@()"},
		{arr("a", "B", "c"), "-eq", "b", "@('B')"},
		{&List{Items: arr(1, 2, 3)}, "-le", 2, "@(1, 2)"},
		{d1, "-eq", "2024-03-01", "$true"},
		{d1, "-lt", d2, "$true"},
		{d1, "-gt", d2, "$false"},
		{d1, "-lt", "2024-03-02", "$true"},
		{time.Hour, "-eq", "01:00:00", "$true"},
		{ht(), "-eq", ht(), "$false"},
		// ordering
		{2, "-gt", 1, "$true"},
		{2, "-ge", 2, "$true"},
		{2, "-lt", 2, "$false"},
		{2, "-le", "2", "$true"},
		{"10", "-lt", 9, "$true"},
		{10, "-lt", "9", "$false"},
		{"a", "-lt", "B", "$true"},
		{"a", "-clt", "A", "$true"},
		{"B", "-gt", "a", "$true"},
		{"abc", "-ge", "ABC", "$true"},
		{1.5, "-gt", 1, "$true"},
		{int64(5), "-gt", 4.5, "$true"},
		{nil, "-lt", 1, "$true"},
		{1, "-gt", nil, "$true"},
		{true, "-gt", false, "$true"},
		{1, "-lt", "abc", `!Could not compare "1" to "abc". Error: "Cannot convert value "abc" to type "System.Int32". Error: "The input string 'abc' was not in a correct format.""`},
		{ht(), "-lt", 1, `!Cannot compare "System.Collections.Hashtable" because it is not IComparable.`},
		// -like
		{"abc", "-like", "A*", "$true"},
		{"abc", "-clike", "A*", "$false"},
		{"abc", "-ilike", "A*", "$true"},
		{"abc", "-like", "a?c", "$true"},
		{"abc", "-like", "a?", "$false"},
		{"abc", "-notlike", "b*", "$true"},
		{"abc", "-like", "[a-c]bc", "$true"},
		{"abc", "-like", "[xyz]bc", "$false"},
		{"a*c", "-like", "a`*c", "$true"},
		{"abc", "-like", "a`*c", "$false"},
		{"", "-like", "*", "$true"},
		{nil, "-like", "*", "$true"},
		{42, "-like", "4*", "$true"},
		{arr("apple", "banana", "avocado"), "-like", "a*", "@('apple', 'avocado')"},
		{arr("apple", "banana"), "-notlike", "a*", "@('banana')"},
		// -match
		{"Hello", "-match", "l+", "$true"},
		{"Hello", "-match", "^h", "$true"},
		{"Hello", "-cmatch", "^h", "$false"},
		{"Hello", "-notmatch", "z", "$true"},
		{"Hello", "-notmatch", "l", "$false"},
		{arr("a1", "b", "c2"), "-match", `\d`, "@('a1', 'c2')"},
		{arr("a1", "b", "c2"), "-notmatch", `\d`, "@('b')"},
		{"abc", "-match", "(", "!The regular expression pattern ( is not valid."},
		{"abc", "-match", &Regex{Pattern: "B"}, "$true"},
		// -replace
		{"Hello", "-replace", arr("l", "L"), "'HeLLo'"},
		{"Hello", "-replace", "l", "'Heo'"},
		{"Hello", "-replace", arr("L", "x"), "'Hexxo'"},
		{"Hello", "-creplace", arr("L", "x"), "'Hello'"},
		{"John Smith", "-replace", arr(`(\w+) (\w+)`, "$2, $1"), "'Smith, John'"},
		{"John Smith", "-replace", arr(`(?<first>\w+) (?<last>\w+)`, "${last} ${first}"), "'Smith John'"},
		{"abc", "-replace", arr("b", "[$0]"), "'a[b]c'"},
		{"abc", "-replace", arr("b", "$$"), "'a$c'"},
		{"abc", "-replace", arr("b", "$5"), "'a$5c'"},
		{"a.b.c", "-replace", arr(`\.`, "-"), "'a-b-c'"},
		{arr("ab", "cb"), "-replace", arr("b", "x"), "@('ax', 'cx')"},
		{"abc", "-replace", arr("a", "b", "c"), "!The -replace operator allows only two elements to follow it, not 3."},
		{"user@contoso.com", "-replace", arr("@.*$", ""), "'user'"},
		// -split
		{"a,b,c", "-split", ",", "@('a', 'b', 'c')"},
		{"a.b", "-split", arr(".", 0, "SimpleMatch"), "@('a', 'b')"},
		{"a.b", "-split", arr(".", 0, "RegexMatch"), "@('', '', '', '')"},
		{"aXbxc", "-csplit", arr("x", 0, "IgnoreCase"), "@('a', 'b', 'c')"},
		{"a b", "-split", arr(" ", 0, "SimpleMatch, IgnoreCase"), "@('a', 'b')"},
		{"a\nb", "-split", arr("^b", 0, "Multiline"), "@('a\n', '')"},
		{"a.b.c", "-split", arr(".", 2, "SimpleMatch"), "@('a', 'b.c')"},
		{"a", "-split", arr(".", 0, "Nope"), "!Cannot convert value \"Nope\" to type \"System.Management.Automation.SplitOptions\". Error: \"Unable to match the identifier name Nope to a valid enumerator name. Specify one of the following enumerator names and try again:\nSimpleMatch, RegexMatch, CultureInvariant, IgnorePatternWhitespace, Multiline, Singleline, IgnoreCase, ExplicitCapture\""},
		{Char('a'), "-eq", "a", "$true"},
		{Char('a'), "-eq", "A", "$true"},
		{Char('a'), "-ceq", "A", "$false"},
		{Char('a'), "-eq", 97, "$true"},
		{"a", "-eq", Char('a'), "$true"},
		{97, "-eq", Char('a'), "$true"},
		{Char('a'), "-lt", "b", "$true"},
		{Char('b'), "-gt", 97, "$true"},
		{Char('a'), "+", 1, "98"},
		{1, "+", Char('a'), "98"},
		{"x", "+", Char('a'), "'xa'"},
		{Char('a'), "..", Char('c'), "@([char]'a', [char]'b', [char]'c')"},
		{arr("a", "b"), "-contains", Char('b'), "$true"},
		{"a,b,,c", "-split", ",", "@('a', 'b', '', 'c')"},
		{"a1b2c", "-split", `\d`, "@('a', 'b', 'c')"},
		{"a,b,c", "-split", arr(",", 2), "@('a', 'b,c')"},
		{"a,b,c", "-split", arr(",", -2), "@('a,b', 'c')"},
		{"a,b,c", "-split", arr(",", 0), "@('a', 'b', 'c')"},
		{"aXbxc", "-split", "x", "@('a', 'b', 'c')"},
		{"aXbxc", "-csplit", "x", "@('aXb', 'c')"},
		{"a1b", "-split", `(\d)`, "@('a', '1', 'b')"},
		{"abc", "-split", "", "@('', 'a', 'b', 'c', '')"},
		{arr("a b", "c d"), "-split", " ", "@('a', 'b', 'c', 'd')"},
		{"a.b", "-split", ".", "@('', '', '', '')"},
		// -join
		{arr(1, 2, 3), "-join", ",", "'1,2,3'"},
		{arr("a", nil, "b"), "-join", "-", "'a--b'"},
		{"abc", "-join", ",", "'abc'"},
		{arr(), "-join", ",", "''"},
		{&List{Items: arr(1, 2)}, "-join", "+", "'1+2'"},
		// -contains and -in
		{arr(1, 2), "-contains", "2", "$true"},
		{arr(1, 2), "-contains", 3, "$false"},
		{arr("a", "b"), "-contains", "A", "$true"},
		{arr("a", "b"), "-ccontains", "A", "$false"},
		{arr("a", "b"), "-notcontains", "c", "$true"},
		{"abc", "-contains", "b", "$false"},
		{"abc", "-contains", "ABC", "$true"},
		{nil, "-contains", nil, "$true"},
		{arr(1, nil), "-contains", nil, "$true"},
		{"2", "-in", arr(1, 2), "$true"},
		{2, "-in", arr("1", "2"), "$true"},
		{"x", "-notin", arr("a", "b"), "$true"},
		{"A", "-cin", arr("a", "b"), "$false"},
		{"A", "-in", "a", "$true"},
		// -is, -isnot, -as
		{1, "-is", Type{Name: "int"}, "$true"},
		{1, "-is", "int", "$true"},
		{1, "-is", Type{Name: "long"}, "$false"},
		{"a", "-isnot", Type{Name: "string"}, "$false"},
		{arr(1), "-is", Type{Name: "array"}, "$true"},
		{1, "-is", Type{Name: "Foo"}, "!Unable to find type [Foo]."},
		{"42", "-as", Type{Name: "int"}, "42"},
		{"abc", "-as", Type{Name: "int"}, "$null"},
		{"2024-03-01", "-as", Type{Name: "datetime"}, "[datetime]'2024-03-01 00:00:00'"},
		{"x", "-as", Type{Name: "Nope"}, "!Unable to find type [Nope]."},
		// logical and bitwise
		{1, "-and", "", "$false"},
		{1, "-or", "", "$true"},
		{true, "-xor", true, "$false"},
		{true, "-xor", false, "$true"},
		{6, "-band", 3, "2"},
		{6, "-bor", 3, "7"},
		{6, "-bxor", 3, "5"},
		{1, "-shl", 4, "16"},
		{256, "-shr", 4, "16"},
		{1, "-shl", 31, "-2147483648"},
		{int64(1), "-shl", 40, "1099511627776L"},
		{"12", "-band", 4, "4"},
		{5.6, "-band", 7, "6"},
		// arithmetic
		{1, "+", 2, "3"},
		{1, "+", "2", "3"},
		{1, "+", "2.5", "3.5d"},
		{"1", "+", 2, "'12'"},
		{"a", "+", nil, "'a'"},
		{"a", "+", arr(1, 2), "'a1 2'"},
		{nil, "+", 1, "1"},
		{nil, "+", "a", "'a'"},
		{nil, "+", nil, "$null"},
		{1, "+", nil, "1"},
		{true, "+", 1, "2"},
		{1, "+", "abc", `!Cannot convert value "abc" to type "System.Int32". Error: "The input string 'abc' was not in a correct format."`},
		{math.MaxInt32, "+", 1, "2147483648d"},
		{math.MinInt32, "-", 1, "-2147483649d"},
		{int64(math.MaxInt32), "+", 1, "2147483648L"},
		{int64(math.MaxInt64), "+", 1, "9.223372036854776E+18d"},
		{100000, "*", 100000, "10000000000d"},
		{1.5, "+", 1, "2.5d"},
		{0.1, "+", 0.2, "0.30000000000000004d"},
		{7, "/", 2, "3.5d"},
		{6, "/", 2, "3"},
		{int64(6), "/", 2, "3L"},
		{1, "/", 0, "!Attempted to divide by zero."},
		{1, "%", 0, "!Attempted to divide by zero."},
		{1.0, "/", 0, "Infinityd"},
		{7, "%", 3, "1"},
		{-7, "%", 3, "-1"},
		{7.5, "%", 2, "1.5d"},
		{5, "-", 7, "-2"},
		{"5", "-", 2, "3"},
		{"5", "*", 2, "'55'"},
		{"6", "/", "2", "3"},
		{"abc", "-", 1, `!Cannot convert value "abc" to type "System.Int32". Error: "The input string 'abc' was not in a correct format."`},
		{"x", "*", 3, "'xxx'"},
		{"x", "*", 0, "''"},
		{arr(1, 2), "*", 2, "@(1, 2, 1, 2)"},
		{arr(), "*", math.MaxInt32, "@()"},
		{"abc", "*", math.MaxInt32, "!Exception of type 'System.OutOfMemoryException' was thrown."},
		{"x", "*", -1, "!Specified argument was out of the range of valid values. (Parameter 'count')"},
		{arr(1, 2), "+", 3, "@(1, 2, 3)"},
		{arr(1, 2), "+", arr(3, 4), "@(1, 2, 3, 4)"},
		{arr(), "+", arr(), "@()"},
		{&List{Items: arr(1)}, "+", 2, "@(1, 2)"},
		{ht("a", 1), "+", ht("b", 2), "@{'a'=1; 'b'=2}"},
		{ht("a", 1), "+", ht("A", 2), "!Item has already been added. Key in dictionary: 'a'  Key being added: 'A'"},
		{ht("a", 1), "+", 1, "!A hash table can only be added to another hash table."},
		{d2, "-", d1, "[timespan]'31.00:00:00'"},
		{d1, "+", 24 * time.Hour, "[datetime]'2024-03-02 00:00:00'"},
		{d1, "-", time.Hour, "[datetime]'2024-02-29 23:00:00'"},
		{time.Hour, "+", time.Minute, "[timespan]'01:01:00'"},
		{obj("a", 1), "+", 1, "!Method invocation failed because [System.Management.Automation.PSCustomObject] does not contain a method named 'op_Addition'."},
		{ht(), "-", 1, "!Method invocation failed because [System.Collections.Hashtable] does not contain a method named 'op_Subtraction'."},
		// ranges
		{1, "..", 5, "@(1, 2, 3, 4, 5)"},
		{3, "..", 1, "@(3, 2, 1)"},
		{-1, "..", 1, "@(-1, 0, 1)"},
		{"1", "..", "3", "@(1, 2, 3)"},
		{"a", "..", "e", "@([char]'a', [char]'b', [char]'c', [char]'d', [char]'e')"},
		{1, "..", 1e12, `!Cannot convert value "1000000000000" to type "System.Int32". Error: "Value was either too large or too small for an Int32."`},
		// -f
		{"{0,-6}|", "-f", "ab", "'ab    |'"},
		{"{0,6}|", "-f", "ab", "'    ab|'"},
		{"{0:N2}", "-f", 1234.5, "'1,234.50'"},
		{"{0} and {1}", "-f", arr("a", "b"), "'a and b'"},
		{"{1}", "-f", "a", "!Error formatting a string: Index (zero based) must be greater than or equal to zero and less than the size of the argument list.."},
	}
	for _, tt := range tests {
		v, _, err := Binary(tt.op, tt.x, tt.y)
		if got := result(v, err); got != tt.want {
			t.Errorf("%s %s %s = %s, want %s", repr(tt.x), tt.op, repr(tt.y), got, tt.want)
		}
	}
}

func TestBinaryMatches(t *testing.T) {
	t.Parallel()
	tests := []struct {
		x, pattern any
		op         string
		want       string // $Matches, or $null when not set
	}{
		{"Hello", "l+", "-match", "@{0='ll'}"},
		{"Hello", "z", "-match", "$null"},
		{"Hello", "l", "-notmatch", "@{0='l'}"},
		{"jsmith@contoso.com", `^(?<user>[^@]+)@(?<domain>.+)$`, "-match", "@{'domain'='contoso.com'; 'user'='jsmith'; 0='jsmith@contoso.com'}"},
		{"ab", "(a)(b)", "-match", "@{2='b'; 1='a'; 0='ab'}"},
		{"ab", "(?<x>a)(b)", "-match", "@{'x'='a'; 1='b'; 0='ab'}"},
		{"a", "(a)|(b)", "-match", "@{1='a'; 0='a'}"},
		{arr("ab"), "a", "-match", "$null"},
	}
	for _, tt := range tests {
		_, m, err := Binary(tt.op, tt.x, tt.pattern)
		if err != nil {
			t.Fatal(err)
		}
		got := "$null"
		if m != nil {
			got = repr(m)
		}
		if got != tt.want {
			t.Errorf("%s %s %s: $Matches = %s, want %s", repr(tt.x), tt.op, repr(tt.pattern), got, tt.want)
		}
	}
}

func TestUnary(t *testing.T) {
	t.Parallel()
	tests := []struct {
		op   string
		x    any
		want string
	}{
		{"-not", true, "$false"},
		{"!", "", "$true"},
		{"!", "False", "$false"},
		{"-not", arr(), "$true"},
		{"-not", arr(0), "$true"},
		{"-not", arr(0, 0), "$false"},
		{"-", 5, "-5"},
		{"-", "5", "-5"},
		{"-", 1.5, "-1.5d"},
		{"-", math.MinInt32, "2147483648d"},
		{"-", time.Hour, "[timespan]'-01:00:00'"},
		{"-", "x", `!Cannot convert value "x" to type "System.Int32". Error: "The input string 'x' was not in a correct format."`},
		{"+", "42", "42"},
		{"+", 7, "7"},
		{"-bnot", 0, "-1"},
		{"-bnot", 5, "-6"},
		{"-split", " a  b\tc ", "@('a', 'b', 'c')"},
		{"-split", arr("a b", "c"), "@('a', 'b', 'c')"},
		{"-join", arr(1, 2, 3), "'123'"},
		{"-join", "x", "'x'"},
		{"-nope", 1, "!Unknown operator '-nope'."},
	}
	for _, tt := range tests {
		v, err := Unary(tt.op, tt.x)
		if got := result(v, err); got != tt.want {
			t.Errorf("%s %s = %s, want %s", tt.op, repr(tt.x), got, tt.want)
		}
	}
}
