package core_test

import (
	"testing"

	"licsh/builtins/licshtest"
)

func TestJsonCmdlets(t *testing.T) {
	t.Parallel()
	licshtest.Script(t, t.TempDir()).Check(licshtest.Contains, []licshtest.Case{
		{"@{Name='Ann'; Count=2} | ConvertTo-Json -Compress", "{\"Name\":\"Ann\",\"Count\":2}\n", ""},
		{"[pscustomobject]@{Name='Ann'; Tags='a','b'; None=$null; On=$true; D=1.5} | ConvertTo-Json",
			"{\n  \"Name\": \"Ann\",\n  \"Tags\": [\n    \"a\",\n    \"b\"\n  ],\n  \"None\": null,\n  \"On\": true,\n  \"D\": 1.5\n}\n", ""},
		{"1,2 | ConvertTo-Json", "[\n  1,\n  2\n]\n", ""},
		{"ConvertTo-Json -InputObject @(1,2) -Compress", "[1,2]\n", ""},
		{"1 | ConvertTo-Json -AsArray -Compress", "[1]\n", ""},
		{"@() | ConvertTo-Json", "", ""},
		{"ConvertTo-Json -InputObject @{} -Compress", "{}\n", ""},
		{"ConvertTo-Json -InputObject @{E=@()} -Compress", "{\"E\":[]}\n", ""},
		{"'a\"b\\c' + [char]10 | ConvertTo-Json", "\"a\\\"b\\\\c\\n\"\n", ""},
		{"'<ü>' | ConvertTo-Json", "\"<ü>\"\n", ""},
		{"@{a=@{b=@{c=@{d=1}}}} | ConvertTo-Json -Compress",
			"WARNING: Resulting JSON is truncated as serialization has exceeded the set depth of 2.\n{\"a\":{\"b\":{\"c\":\"System.Collections.Hashtable\"}}}\n", ""},
		{"@{a=@{b=@{c=@{d=1}}}} | ConvertTo-Json -Compress -Depth 5", "{\"a\":{\"b\":{\"c\":{\"d\":1}}}}\n", ""},
		{"@{a=1} | ConvertTo-Json -Depth 101", "", "Cannot validate argument on parameter 'Depth'. The 101 argument is greater"},
		{"('{\"Name\":\"Ann\",\"N\":3,\"Big\":3000000000,\"F\":1.5,\"L\":[1,\"x\"],\"O\":{\"k\":null}}' | ConvertFrom-Json) | % { $_.Name; $_.N.GetType().Name; $_.Big.GetType().Name; $_.F.GetType().Name; $_.L.Count; $_.O.k -eq $null }",
			"Ann\nInt32\nInt64\nDouble\n2\nTrue\n", ""},
		{"'[1,2,3]' | ConvertFrom-Json | % { $_ * 2 }", "2\n4\n6\n", ""},
		{"('[1,2,3]' | ConvertFrom-Json -NoEnumerate).Count", "3\n", ""},
		{"'{', '\"a\": 1', '}' | ConvertFrom-Json | % a", "1\n", ""},
		{"$h = '{\"b\":1,\"a\":2}' | ConvertFrom-Json -AsHashtable; $h.Keys -join ','", "b,a\n", ""},
		{"('{\"d\":\"2024-01-15T10:00:00Z\"}' | ConvertFrom-Json).d.Year", "2024\n", ""},
		{"'{\"a\":1,\"A\":2}' | ConvertFrom-Json", "", "| Cannot convert the JSON string because it contains keys with different"},
		{"'{oops' | ConvertFrom-Json", "", "Conversion from JSON failed with error:"},
		{"'' | ConvertFrom-Json", "", ""},
		{"$o = [pscustomobject]@{A=1; B=@('x')}; $o | ConvertTo-Json -Compress | ConvertFrom-Json | ConvertTo-Json -Compress", "{\"A\":1,\"B\":[\"x\"]}\n", ""},
	}...)
}
