package goext

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"licsh/shell/cmdlet"
	"licsh/shell/interp"
	"licsh/shell/value"
)

// session is a licsh session with Go cmdlets from the given folders and
// the stand-ins for built-in cmdlets below, run in-process.
type session struct {
	t      *testing.T
	r      *interp.Runner
	reg    *interp.Registry
	out    *bytes.Buffer
	errOut *bytes.Buffer
	// loadErrs are the problems Register reported.
	loadErrs []error
}

// mapDir makes a cmdlet folder of file name -> source.
func mapDir(name string, files map[string]string) Dir {
	m := fstest.MapFS{}
	for n, src := range files {
		m[n] = &fstest.MapFile{Data: []byte(src)}
	}
	return Dir{FS: m, Name: name}
}

// shippedPath is the folder of cmdlets shipped with licsh, which the
// licsh command embeds; the tests read it from the source tree.
const shippedPath = "../../scripts/cmdlets"

// shipped is the folder of cmdlets shipped with licsh.
func shipped() Dir { return Dir{FS: os.DirFS(shippedPath), Name: "scripts/cmdlets"} }

func newSession(t *testing.T, e *Engine, dirs ...Dir) *session {
	t.Helper()
	s := &session{t: t, reg: interp.NewRegistry(), out: &bytes.Buffer{}, errOut: &bytes.Buffer{}}
	for _, c := range standIns() {
		if err := s.reg.Add(c); err != nil {
			t.Fatal(err)
		}
	}
	s.loadErrs = e.Register(s.reg, dirs...)
	s.r = interp.New(&interp.Host{Stdout: s.out, Stderr: s.errOut, Dir: t.TempDir()}, s.reg)
	return s
}

// run runs a script and returns its output, its errors and exit code.
func (s *session) run(src string) (stdout, stderr string, code int) {
	s.out.Reset()
	s.errOut.Reset()
	code = s.r.RunString(context.Background(), "", src, nil)
	return s.out.String(), s.errOut.String(), code
}

// errText joins errors one a line.
func errText(errs []error) string {
	var b strings.Builder
	for _, e := range errs {
		b.WriteString(e.Error() + "\n")
	}
	return b.String()
}

// standIns stand for built-in cmdlets, so that the tests do not depend on
// the builtins package: Get-Date (which Go files must not clash with),
// Read-File (Get-Content), Test-File (Test-Path), ForEach-Thing
// (ForEach-Object) and Out-Nothing (Out-Null).
func standIns() []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{
		{Name: "Get-Date", Aliases: []string{"date"}, Process: func(c cmdlet.Call) error { return c.Write("today") }},
		{Name: "Read-File", Params: []*cmdlet.Param{{Name: "Path", Type: cmdlet.String, Position: 1}},
			Process: func(c cmdlet.Call) error {
				b, err := os.ReadFile(c.Path(c.String("Path")))
				if err != nil {
					return err
				}
				return c.Write(string(b))
			}},
		{Name: "Test-File", Params: []*cmdlet.Param{{Name: "Path", Type: cmdlet.String, Position: 1}},
			Process: func(c cmdlet.Call) error {
				_, err := os.Stat(c.Path(c.String("Path")))
				return c.Write(err == nil)
			}},
		{Name: "ForEach-Thing", Params: []*cmdlet.Param{
			{Name: "Process", Type: cmdlet.ScriptBlock, Position: 1},
			{Name: "InputObject", ValueFromPipeline: true}},
			Process: func(c cmdlet.Call) error {
				sb, _ := c.Get("Process").(value.ScriptBlock)
				return c.Invoke(sb, c.Get("InputObject"), c.Write)
			}},
		{Name: "Out-Nothing", Params: []*cmdlet.Param{{Name: "InputObject", ValueFromPipeline: true}},
			Process: func(c cmdlet.Call) error { return nil }},
	}
}
