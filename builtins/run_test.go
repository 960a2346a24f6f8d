package builtins

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"licsh/shell/interp"
)

// clock is the fixed time scripts under test see.
var clock = time.Date(2024, 5, 31, 14, 5, 9, 0, time.UTC)

// run runs a script in a fresh session in dir and returns its output and
// error text.
func run(t *testing.T, dir, script string) (stdout, stderr string) {
	t.Helper()
	reg := interp.NewRegistry()
	Register(reg)
	var out, errb bytes.Buffer
	host := &interp.Host{Stdout: &out, Stderr: &errb, Width: 120, Dir: dir, Now: func() time.Time { return clock }}
	r := interp.New(host, reg)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	r.RunString(ctx, "test.ps1", script, nil)
	return out.String(), errb.String()
}

// scriptCase is one script and the exact text it must print.
type scriptCase struct {
	script string
	want   string
	stderr string // a substring the error output must contain; "" means none
}

func runCases(t *testing.T, dir string, cases []scriptCase) {
	t.Helper()
	for _, tc := range cases {
		got, errText := run(t, dir, tc.script)
		if got != tc.want {
			t.Errorf("%s\n got: %q\nwant: %q\nstderr: %s", tc.script, got, tc.want, errText)
		}
		if tc.stderr == "" && errText != "" {
			t.Errorf("%s\nunexpected stderr: %s", tc.script, errText)
		}
		if tc.stderr != "" && !strings.Contains(errText, tc.stderr) {
			t.Errorf("%s\nstderr %q does not contain %q", tc.script, errText, tc.stderr)
		}
	}
}
