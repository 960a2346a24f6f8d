package catalog

import "testing"

func TestNormalizeGUID(t *testing.T) {
	t.Parallel()
	const want = "06ebc4ee-1bb5-47dd-8120-11324bc54e06"
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"06ebc4ee-1bb5-47dd-8120-11324bc54e06", want, true},
		{"06EBC4EE-1BB5-47DD-8120-11324BC54E06", want, true},
		{"{06ebc4ee-1bb5-47dd-8120-11324bc54e06}", want, true},
		{"{06EBC4EE-1bb5-47DD-8120-11324bc54e06}", want, true},
		{"  06ebc4ee-1bb5-47dd-8120-11324bc54e06  ", want, true},
		{"06ebc4ee-1bb5-47dd-8120-11324bc54e06\u00a0", want, true},
		{"\u00a0{06ebc4ee-1bb5-47dd-8120-11324bc54e06}\t", want, true},
		{"\r\n06ebc4ee-1bb5-47dd-8120-11324bc54e06\r\n", want, true},
		{"00000000-0000-0000-0000-000000000000", "00000000-0000-0000-0000-000000000000", true},
		{"", "", false},
		{"   ", "", false},
		{"{}", "", false},
		{"SPE_E5", "", false},
		{"06ebc4ee-1bb5-47dd-8120-11324bc54e0", "", false},   // 35 characters
		{"06ebc4ee-1bb5-47dd-8120-11324bc54e066", "", false}, // 37 characters
		{"06ebc4ee1bb547dd812011324bc54e06", "", false},      // no hyphens
		{"06ebc4ee-1bb5-47dd-8120_11324bc54e06", "", false},
		{"06ebc4ee-1bb5-47dd-81200-1324bc54e06", "", false}, // hyphen misplaced
		{"g6ebc4ee-1bb5-47dd-8120-11324bc54e06", "", false},
		{"{06ebc4ee-1bb5-47dd-8120-11324bc54e06", "", false},
		{"06ebc4ee-1bb5-47dd-8120-11324bc54e06}", "", false},
		{"(06ebc4ee-1bb5-47dd-8120-11324bc54e06)", "", false},
		{"{{06ebc4ee-1bb5-47dd-8120-11324bc54e06}}", "", false},
		{"06ebc4ee-1bb5-47dd-8120-11324bc5\u00a0e06", "", false}, // inside, not around
		{"06ebc4ee-1bb5-47dd-8120-11324bc54é06", "", false},
	}
	for _, tt := range tests {
		got, ok := NormalizeGUID(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("NormalizeGUID(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
