// Package licshtest runs licsh sessions in-process for tests: the built-in
// modules on a tenant file of the test's own, with buffers for the streams,
// wired as the licsh command wires them. Each Run is a fresh session on the
// same tenant file and folder, as separate licsh runs would be.
//
// It is for tests only. The end-to-end tests run the licsh binary itself
// (cmd/licsh); these run scripts where a test needs no process of its own.
package licshtest

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"licsh/builtins"
	"licsh/builtins/m365"
	"licsh/shell/interp"
)

// Session is a tenant file and a folder that scripts run in.
type Session struct {
	T testing.TB
	// Tenant is the tenant file; a missing one is created empty on first
	// use, as with licsh -Tenant.
	Tenant string
	// Dir is the session's current folder, which relative paths resolve
	// against.
	Dir string
	// Script names the script each Run runs, as error positions show it
	// ("test.ps1:1"); "" runs it as licsh -Command does.
	Script string
	// Clock, when set, is the host's clock instead of the tenant's.
	Clock func() time.Time
	// Width is the console width output is formatted to.
	Width int
	// Stdin is what the scripts read from standard input.
	Stdin string
	// Setup, when not nil, adds to the built-in commands of each session,
	// as licsh adds Go cmdlets.
	Setup func(*interp.Registry) error
}

// New returns a session on a new tenant file in a folder of the test's.
func New(t testing.TB) *Session {
	t.Helper()
	dir := t.TempDir()
	return &Session{T: t, Tenant: filepath.Join(dir, "tenant.db"), Dir: dir, Width: 120}
}

// Script returns a session in dir whose scripts run as test.ps1 (so errors
// show their position) on a clock stopped at 2024-05-31 14:05:09 UTC, for
// tests of the language cmdlets' exact output.
func Script(t testing.TB, dir string) *Session {
	t.Helper()
	s := New(t)
	s.Dir = dir
	s.Script = "test.ps1"
	s.Clock = func() time.Time { return time.Date(2024, 5, 31, 14, 5, 9, 0, time.UTC) }
	return s
}

// DemoSetup is the script that makes the demo tenant, Contoso.
const DemoSetup = "Initialize-Tenant -Name Contoso -DefaultDomain contoso.com -Demo | Out-Null"

// Demo returns a session on a new demo tenant (DemoSetup).
func Demo(t testing.TB) *Session {
	t.Helper()
	s := New(t)
	s.MustRun(DemoSetup)
	return s
}

// Result is what a script printed and its exit code.
type Result struct {
	Stdout, Stderr string
	Code           int
}

// Run runs a script in a fresh session.
func (s *Session) Run(script string) Result {
	s.T.Helper()
	var out, errb bytes.Buffer
	code, err := run(s, script, &out, &errb)
	if err != nil {
		s.T.Fatal(err)
	}
	return Result{out.String(), errb.String(), code}
}

// MustRun runs a script that must print no error, and returns its output.
func (s *Session) MustRun(script string) string {
	s.T.Helper()
	r := s.Run(script)
	if r.Stderr != "" {
		s.T.Fatalf("%s\nstderr: %s", script, r.Stderr)
	}
	return r.Stdout
}

// Runner returns a session of its own on the tenant file, for a test that
// runs several scripts in one session or gives it a host of its own
// (prompts, a terminal); the host's folder and clock default to s's. The
// tenant file is closed when the test ends.
func (s *Session) Runner(host *interp.Host) *interp.Runner {
	s.T.Helper()
	r, _ := s.RunnerSession(host)
	return r
}

// RunnerSession is Runner that also returns the session's m365.Session,
// for a test that connects the session to a Microsoft 365 tenant midway
// (m365.Session.UseGraph).
func (s *Session) RunnerSession(host *interp.Host) (*interp.Runner, *m365.Session) {
	s.T.Helper()
	ts := m365.NewSession(s.Tenant, false)
	r, err := s.runnerOn(host, ts)
	if err != nil {
		s.T.Fatal(err)
	}
	s.T.Cleanup(func() { ts.Close() })
	return r, ts
}

func (s *Session) runner(host *interp.Host) (*interp.Runner, func() error, error) {
	ts := m365.NewSession(s.Tenant, false)
	r, err := s.runnerOn(host, ts)
	return r, ts.Close, err
}

func (s *Session) runnerOn(host *interp.Host, ts *m365.Session) (*interp.Runner, error) {
	reg := interp.NewRegistry()
	if err := builtins.Register(reg, ts); err != nil {
		return nil, err
	}
	if s.Setup != nil {
		if err := s.Setup(reg); err != nil {
			return nil, err
		}
	}
	if host.Dir == "" {
		host.Dir = s.Dir
	}
	if host.Now == nil {
		host.Now = s.Clock
	}
	if host.Now == nil {
		host.Now = ts.Now
	}
	return interp.New(host, reg), nil
}

func run(s *Session, script string, out, errb io.Writer) (int, error) {
	r, closeTenant, err := s.runner(&interp.Host{Stdin: strings.NewReader(s.Stdin), Stdout: out, Stderr: errb, Width: s.Width})
	if err != nil {
		return 0, err
	}
	defer closeTenant()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	return r.RunString(ctx, s.Script, script, nil), nil
}

// Case is a script, what it must print on standard output (exactly) and
// on standard error (as Check's Match says). It is a plain struct, so that
// case tables can list the three strings without their names.
type Case = struct{ Script, Stdout, Stderr string }

// Match is how Check compares a case's error output.
type Match int

const (
	// Exact: the error output is Stderr exactly.
	Exact Match = iota
	// Contains: the error output contains Stderr; "" means none.
	Contains
	// Pattern: Stderr is a regular expression that matches all of the
	// error output as Flat gives it.
	Pattern
)

// Check runs each case in a fresh session and reports what differs.
func (s *Session) Check(m Match, cases ...Case) {
	s.T.Helper()
	for _, c := range cases {
		r := s.Run(c.Script)
		if r.Stdout != c.Stdout {
			s.T.Errorf("%s\n got: %q\nwant: %q\nstderr: %s", c.Script, r.Stdout, c.Stdout, r.Stderr)
		}
		var ok bool
		switch m {
		case Exact:
			ok = r.Stderr == c.Stderr
		case Contains:
			ok = c.Stderr == "" && r.Stderr == "" || c.Stderr != "" && strings.Contains(r.Stderr, c.Stderr)
		case Pattern:
			ok = regexp.MustCompile(`(?s)^` + c.Stderr + `$`).MatchString(Flat(r.Stderr))
		}
		if !ok {
			s.T.Errorf("%s\nstderr:\n got: %q\nwant: %q", c.Script, r.Stderr, c.Stderr)
		}
	}
}

var (
	sourceLines = regexp.MustCompile(`(?m)^\s*(Line \||\d+ \|.*|\|\s*~+)$`)
	margins     = regexp.MustCompile(`(?m)^\s*\|`)
)

// Flat is error output on one line: without the source lines it quotes and
// the "|" margins, so that patterns do not depend on where the error view
// wraps.
func Flat(stderr string) string {
	return strings.Join(strings.Fields(margins.ReplaceAllString(sourceLines.ReplaceAllString(stderr, ""), "")), " ")
}
