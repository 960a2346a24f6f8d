package goext

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestShippedCmdlets(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, script, stdout, stderr string
		code                         int
	}{
		{"by position", "ConvertTo-Upn Ada Lovelace", "ada.lovelace@contoso.com\n", "", 0},
		{"by name, in any order", "ConvertTo-Upn -Surname Hopper -GivenName Grace -Domain NAVY.mil", "grace.hopper@navy.mil\n", "", 0},
		{"by alias and prefix", "ConvertTo-Upn -First Alan -LastN Turing -Dom x.org", "alan.turing@x.org\n", "", 0},
		{"accents, apostrophes and spaces", "ConvertTo-Upn 'Zoë Anne' \"O'Brien\"", "zoe-anne.obrien@contoso.com\n", "", 0},
		{"pipeline by value", "'Ada Lovelace', 'Grace  Brewster Hopper' | ConvertTo-Upn", "ada.lovelace@contoso.com\ngrace.brewster-hopper@contoso.com\n", "", 0},
		{"pipeline by property name", "[pscustomobject]@{GivenName='Ada'; Surname='Lovelace'}, [pscustomobject]@{FirstName='Alan'; LastName='Turing'} | ConvertTo-Upn -Domain x.org",
			"ada.lovelace@x.org\nalan.turing@x.org\n", "", 0},
		{"non-terminating error, then the next input", "'Cher', 'Ada Lovelace' | ConvertTo-Upn",
			"ada.lovelace@contoso.com\n", "ConvertTo-Upn: Cannot build a user principal name without a given name and a surname.\n", 1},
		{"error caught as PowerShell's", "try { ConvertTo-Upn Ada -ErrorAction Stop } catch { $_.FullyQualifiedErrorId }", "UpnNeedsNames,ConvertTo-Upn\n", "", 0},
		{"unknown parameter is the binder's error", "ConvertTo-Upn -Colour red",
			"", "ConvertTo-Upn: A parameter cannot be found that matches parameter name 'Colour'.\n", 1},
		{"-WhatIf writes nothing", "ConvertTo-Upn Ada Lovelace | Export-Upn upns.txt -WhatIf; Test-File upns.txt",
			"What if: Performing the operation \"Export-Upn\" on target \"DIR/upns.txt\".\nFalse\n", "", 0},
		{"Go cmdlet into Go cmdlet", "'Ada Lovelace', 'Alan Turing' | ConvertTo-Upn | Export-Upn upns.txt; Read-File upns.txt",
			"ada.lovelace@contoso.com\nalan.turing@contoso.com\n\n", "", 0},
		{"Go cmdlet inside a script block", "1..2 | ForEach-Thing { ConvertTo-Upn Ada \"Lovelace$_\" }", "ada.lovelace1@contoso.com\nada.lovelace2@contoso.com\n", "", 0},
	}
	s := newSession(t, NewEngine(), shipped())
	if len(s.loadErrs) > 0 {
		t.Fatalf("loading the shipped cmdlets: %s", errText(s.loadErrs))
	}
	dir := s.r.Host().Dir
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := s.run(tt.script)
			out = strings.ReplaceAll(out, dir, "DIR")
			if out != tt.stdout || errOut != tt.stderr || code != tt.code {
				t.Errorf("%s\nstdout %q\nstderr %q\ncode %d\nwant\nstdout %q\nstderr %q\ncode %d", tt.script, out, errOut, code, tt.stdout, tt.stderr, tt.code)
			}
		})
	}
}

func TestStubsAreNotInterpreted(t *testing.T) {
	t.Parallel()
	e := NewEngine()
	s := newSession(t, e, shipped())
	if e.i != nil {
		t.Fatal("registering Go cmdlets made an interpreter")
	}
	c := s.reg.Lookup("ConvertTo-Upn")
	if c == nil {
		t.Fatal("ConvertTo-Upn is not registered")
	}
	if c.Source != "scripts/cmdlets/convertto_upn.go" {
		t.Errorf("Source = %q", c.Source)
	}
	var names []string
	for _, p := range c.Params {
		names = append(names, p.Name)
	}
	if got := strings.Join(names, " "); got != "GivenName Surname FullName Domain" {
		t.Errorf("params before the first call = %q", got)
	}
	if x := s.reg.Lookup("Export-Upn"); x == nil || !x.SupportsShouldProcess {
		t.Errorf("Export-Upn before the first call = %+v", x)
	}
	s.run("ConvertTo-Upn Ada Lovelace")
	if e.i == nil {
		t.Fatal("calling a Go cmdlet made no interpreter")
	}
	if c.Source != "scripts/cmdlets/convertto_upn.go" || len(c.Params) != 4 {
		t.Errorf("after the first call: Source %q, %d params", c.Source, len(c.Params))
	}
}

// cmdletFile is a Go cmdlet file declaring Name with the Process body.
func cmdletFile(name, imports, body string) string {
	return "package c\n\nimport (\n\t\"licsh/shell/cmdlet\"\n" + imports + ")\n\n" +
		"var Cmdlets = []*cmdlet.Cmdlet{{Name: \"" + name + "\", Process: func(c cmdlet.Call) error {\n" + body + "\n}}}\n"
}

func TestBadFiles(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"good.go":       cmdletFile("Get-Good", "", "\treturn c.Write(\"good\")"),
		"syntax.go":     "package c\nfunc {",
		"none.go":       "package c\n",
		"clash.go":      cmdletFile("Get-Date", "", "\treturn nil"),
		"alias.go":      "package c\nimport \"licsh/shell/cmdlet\"\nvar Cmdlets = []*cmdlet.Cmdlet{{Name: \"Get-Day\", Aliases: []string{\"DATE\"}}}\n",
		"twice.go":      cmdletFile("get-good", "", "\treturn nil"),
		"compile.go":    cmdletFile("Get-Undefined", "", "\treturn undefinedThing(c)"),
		"rangeint.go":   cmdletFile("Get-Range", "", "\tfor i := range 3 {\n\t\tc.Write(i)\n\t}\n\treturn nil"),
		"goroutine.go":  cmdletFile("Start-Thing", "", "\tgo func() {}()\n\treturn nil"),
		"initpanic.go":  "package c\n\nimport \"licsh/shell/cmdlet\"\n\nfunc init() {\n\tpanic(\"no settings\")\n}\n\nvar Cmdlets = []*cmdlet.Cmdlet{{Name: \"Get-Init\"}}\n",
		"badimport.go":  cmdletFile("Get-Import", "\t\"iter\"\n", "\tvar _ iter.Seq[int]\n\treturn nil"),
		"notes.txt":     "not Go",
		"_draft.go":     "package c\nfunc {",
		"old_test.go":   "package c\nfunc {",
		"second.go":     "package c\n\nimport \"licsh/shell/cmdlet\"\n\nvar Cmdlets = []*cmdlet.Cmdlet{\n\t{Name: \"Get-Second\", Process: func(c cmdlet.Call) error { return c.Write(\"second\") }},\n\t{Name: \"Get-Good\"},\n}\n",
		"uses_state.go": cmdletFile("Get-Counter", "", "\tn, _ := c.State().(*int)\n\tif n == nil {\n\t\tn = new(int)\n\t\tc.SetState(n)\n\t}\n\t*n++\n\treturn c.Write(*n)"),
	}
	s := newSession(t, NewEngine(), mapDir("/home/ada/cmdlets", files))
	wantLoad := strings.Join([]string{
		"/home/ada/cmdlets/alias.go:3:32: DATE is already the name of a built-in command Get-Date; the cmdlet is not loaded",
		"/home/ada/cmdlets/clash.go:7:32: Get-Date is already the name of a built-in command Get-Date; the cmdlet is not loaded",
		"/home/ada/cmdlets/none.go:1:1: the file declares no cmdlet: it needs `var Cmdlets = []*cmdlet.Cmdlet{...}`",
		"/home/ada/cmdlets/second.go:7:2: Get-Good is already the name of /home/ada/cmdlets/good.go Get-Good; the cmdlet is not loaded",
		"/home/ada/cmdlets/syntax.go:2:6: expected 'IDENT', found '{'",
		"/home/ada/cmdlets/twice.go:7:32: get-good is already the name of /home/ada/cmdlets/good.go Get-Good; the cmdlet is not loaded",
	}, "\n") + "\n"
	if got := errText(s.loadErrs); got != wantLoad {
		t.Errorf("load errors\n%s\nwant\n%s", got, wantLoad)
	}
	tests := []struct {
		script, stdout, stderr string
	}{
		{"Get-Good", "good\n", ""},
		{"Get-Second", "second\n", ""},
		{"Get-Date", "today\n", ""},
		{"Get-Undefined; 'after'", "after\n", "Get-Undefined: /home/ada/cmdlets/compile.go:8:9: undefined: undefinedThing\n"},
		{"Get-Undefined", "", "Get-Undefined: /home/ada/cmdlets/compile.go:8:9: undefined: undefinedThing\n"},
		{"Get-Range", "", "Get-Range: /home/ada/cmdlets/rangeint.go:8:17: range over an integer is not supported by licsh's Go interpreter; write for i := 0; i < n; i++\n"},
		{"Start-Thing", "", "Start-Thing: /home/ada/cmdlets/goroutine.go:8:2: go statements are not supported in Go cmdlets and scripts: a panic in the goroutine would end licsh\n"},
		{"Get-Init", "", "Get-Init: /home/ada/cmdlets/initpanic.go:6:2: panic in the function starting here: no settings\n"},
		{"Get-Import", "", "Get-Import: /home/ada/cmdlets/badimport.go:5:2: package \"iter\" is not available to Go cmdlets and scripts: they may import the Go 1.22 standard library, licsh/shell/cmdlet and licsh/shell/value\n"},
		{"1..3 | Get-Counter", "1\n2\n3\n", ""},
		{"Get-Good", "good\n", ""},
	}
	for _, tt := range tests {
		out, errOut, _ := s.run(tt.script)
		if out != tt.stdout || errOut != tt.stderr {
			t.Errorf("%s\nstdout %q\nstderr %q\nwant\nstdout %q\nstderr %q", tt.script, out, errOut, tt.stdout, tt.stderr)
		}
	}
}

func TestPanicsBecomeErrors(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"p.go": `package c

import (
	"errors"

	"licsh/shell/cmdlet"
)

var Cmdlets = []*cmdlet.Cmdlet{
	{Name: "Invoke-Index", Process: func(c cmdlet.Call) error {
		s := []string{"a"}
		return c.Write(s[c.Int("I")])
	}, Params: []*cmdlet.Param{{Name: "I", Type: cmdlet.Int, Position: 1}}},
	{Name: "Invoke-Nil", Begin: func(c cmdlet.Call) error {
		var m map[string]int
		m["x"] = 1
		return nil
	}},
	{Name: "Invoke-Deep", Process: func(c cmdlet.Call) error { return deep(3) }},
	{Name: "Invoke-Endless", Process: func(c cmdlet.Call) error { return endless(c) }},
	{Name: "Invoke-Error", Process: func(c cmdlet.Call) error { return errors.New("plain Go error") }},
	{Name: "Invoke-Recovered", Process: func(c cmdlet.Call) (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = c.Write("recovered")
			}
		}()
		panic("inside")
	}},
}

func endless(c cmdlet.Call) error {
	return endless(c)
}

func deep(n int) error {
	if n == 0 {
		panic(errors.New("at the bottom"))
	}
	return deep(n - 1)
}
`,
	}
	s := newSession(t, NewEngine(), mapDir("cmdlets", files))
	tests := []struct {
		script, stdout, stderr string
	}{
		{"Invoke-Index 0", "a\n", ""},
		{"Invoke-Index 5; 'the shell lives on'", "the shell lives on\n", "Invoke-Index: cmdlets/p.go:11:3: panic in the function starting here: reflect: slice index out of range\n"},
		{"Invoke-Nil", "", "Invoke-Nil: cmdlets/p.go:15:3: panic in the function starting here: assignment to entry in nil map\n"},
		{"Invoke-Deep", "", "Invoke-Deep: cmdlets/p.go:37:2: panic in the function starting here: at the bottom\n"},
		{"Invoke-Endless; Invoke-Deep", "", "Invoke-Endless: cmdlets/p.go:33:2: panic in the function starting here: the Go code called itself 10000 calls deep; it may recurse without end\nInvoke-Deep: cmdlets/p.go:37:2: panic in the function starting here: at the bottom\n"},
		{"Invoke-Error", "", "Invoke-Error: plain Go error\n"},
		{"Invoke-Recovered", "recovered\n", ""},
		{"try { Invoke-Index 9 } catch { 'caught: ' + $_.FullyQualifiedErrorId }", "caught: GoPanic,Invoke-Index\n", ""},
		{"Invoke-Index 0", "a\n", ""},
	}
	for _, tt := range tests {
		out, errOut, _ := s.run(tt.script)
		if out != tt.stdout || errOut != tt.stderr {
			t.Errorf("%s\nstdout %q\nstderr %q\nwant\nstdout %q\nstderr %q", tt.script, out, errOut, tt.stdout, tt.stderr)
		}
	}
}

func TestCtrlCCancelsThroughContext(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"loop.go": cmdletFile("Watch-Forever", "", "\tfor {\n\t\tif err := c.Context().Err(); err != nil {\n\t\t\treturn err\n\t\t}\n\t}"),
		"out.go":  cmdletFile("Write-Forever", "", "\tfor i := 0; ; i++ {\n\t\tif err := c.Write(i); err != nil {\n\t\t\treturn err\n\t\t}\n\t}"),
	}
	s := newSession(t, NewEngine(), mapDir("cmdlets", files))
	for _, script := range []string{"Watch-Forever", "Write-Forever | Out-Nothing"} {
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		done := make(chan int)
		go func() { done <- s.r.RunString(ctx, "", script, nil) }()
		select {
		case code := <-done:
			if code == 0 {
				t.Errorf("%s: exit code 0 after Ctrl-C", script)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s did not stop when cancelled", script)
		}
		cancel()
	}
}

func TestSessionsShareTheInterpreter(t *testing.T) {
	t.Parallel()
	e := NewEngine()
	files := map[string]string{"count.go": cmdletFile("Measure-Upto", "", "\tsum := 0\n\tfor i := 1; i <= c.Int(\"N\"); i++ {\n\t\tsum += i\n\t}\n\treturn c.Write(sum)")}
	files["count.go"] = strings.Replace(files["count.go"], "Name: \"Measure-Upto\",", "Name: \"Measure-Upto\", Params: []*cmdlet.Param{{Name: \"N\", Type: \"int\", Position: 1}},", 1)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		s := newSession(t, e, mapDir("cmdlets", files))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				out, errOut, _ := s.run("Measure-Upto 100 | Measure-Upto")
				if out != "5050\n" && errOut != "" {
					t.Errorf("got %q %q", out, errOut)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestUserDirs(t *testing.T) {
	home := t.TempDir()
	tests := []struct {
		cmdlets, xdg string
		want         []string
	}{
		{"/a" + string(os.PathListSeparator) + "/b", "/x", []string{"/a", "/b"}},
		{"/a" + string(os.PathListSeparator) + string(os.PathListSeparator) + "/b", "/x", []string{"/a", "/b"}},
		{"", "/x", []string{"/x/licsh/cmdlets"}},
		{"", "", []string{filepath.Join(home, ".config", "licsh", "cmdlets")}},
	}
	for _, tt := range tests {
		t.Setenv("LICSH_CMDLETS", tt.cmdlets)
		t.Setenv("XDG_CONFIG_HOME", tt.xdg)
		t.Setenv("HOME", home)
		var got []string
		for _, d := range UserDirs() {
			if d.Path != d.Name {
				t.Errorf("the folder %s is not checked on disk (Path %q)", d.Name, d.Path)
			}
			got = append(got, d.Name)
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("LICSH_CMDLETS=%q XDG_CONFIG_HOME=%q: %q, want %q", tt.cmdlets, tt.xdg, got, tt.want)
		}
	}
}

// TestFoldersOthersMayWrite checks that a folder of Go cmdlets, or a file
// in it, that other users could change is refused with what to do: a Go
// cmdlet runs with the rights of whoever runs licsh.
func TestFoldersOthersMayWrite(t *testing.T) {
	t.Parallel()
	good := cmdletFile("Get-Good", "", "\treturn c.Write(\"good\")")
	dir := func(mode os.FileMode, files map[string]os.FileMode) Dir {
		d := t.TempDir()
		for name, m := range files {
			p := filepath.Join(d, name)
			if err := os.WriteFile(p, []byte(strings.ReplaceAll(good, "Get-Good", "Get-"+strings.TrimSuffix(name, ".go"))), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(p, m); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.Chmod(d, mode); err != nil {
			t.Fatal(err)
		}
		return Dir{FS: os.DirFS(d), Name: d, Path: d}
	}
	open := dir(0o777, map[string]os.FileMode{"Open.go": 0o644})
	mixed := dir(0o755, map[string]os.FileMode{"Mine.go": 0o644, "Shared.go": 0o666})
	s := newSession(t, NewEngine(), open, mixed)
	want := "licsh does not load the Go cmdlets of " + open.Path + ": " + open.Path + " is writable by other users (mode 0777); make it yours alone: chmod go-w " + open.Path + "\n" +
		"licsh does not load " + filepath.Join(mixed.Path, "Shared.go") + ": " + filepath.Join(mixed.Path, "Shared.go") + " is writable by other users (mode 0666); make it yours alone: chmod go-w " + filepath.Join(mixed.Path, "Shared.go") + "\n"
	if got := errText(s.loadErrs); got != want {
		t.Errorf("load errors\n%s\nwant\n%s", got, want)
	}
	if s.reg.Lookup("Get-Mine") == nil || s.reg.Lookup("Get-Open") != nil || s.reg.Lookup("Get-Shared") != nil {
		t.Error("the wrong cmdlets were loaded")
	}
}
