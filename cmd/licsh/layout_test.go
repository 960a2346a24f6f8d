package main

import (
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"path"
	"slices"
	"strings"
	"testing"
)

// layer says which licsh packages a package may import.
type layer struct {
	pkg   string   // a package; "x/..." is x and every package below it
	may   []string // the licsh packages it may import, in the same form
	tests []string // what its tests may import besides
}

// layers are the layers of docs/ARCHITECTURE.md, where data flows one way
// (line, parser, interpreter, binder, cmdlet, tenant) and nothing points
// back up; the first that matches a package is its.
var layers = []layer{
	{pkg: "shell/syntax"},
	{pkg: "shell/value", may: []string{"shell/syntax"}},
	{pkg: "shell/format", may: []string{"shell/value"}},
	{pkg: "shell/cmdlet", may: []string{"shell/value"}},
	{pkg: "shell/interp", may: []string{"shell/syntax", "shell/value", "shell/format", "shell/cmdlet"}},
	{pkg: "shell/repl", may: []string{"shell/syntax", "shell/value", "shell/format", "shell/cmdlet", "shell/interp"}},
	{pkg: "shell/goext/...", may: []string{"shell/value", "shell/cmdlet", "shell/interp", "shell/goext/..."}},
	{pkg: "builtins/tenant/graphapi", may: []string{"builtins/tenant", "builtins/tenant/catalog"}, tests: []string{"builtins/tenant/selfsigned"}},
	{pkg: "builtins/tenant/graphclient", may: []string{"builtins/tenant", "builtins/tenant/catalog"},
		tests: []string{"builtins/tenant/graphapi", "builtins/tenant/selfsigned"}},
	{pkg: "builtins/tenant/...", may: []string{"builtins/tenant/..."}},
	{pkg: "builtins/core", may: []string{"shell/..."}, tests: []string{"builtins/licshtest/..."}},
	{pkg: "builtins/importexcel", may: []string{"shell/...", "builtins/core"}, tests: []string{"builtins/licshtest/..."}},
	{pkg: "builtins/m365", may: []string{"shell/...", "builtins/core", "builtins/tenant/..."}, tests: []string{"builtins/licshtest/..."}},
	{pkg: "builtins/batch", may: []string{"shell/...", "builtins/core", "builtins/importexcel", "builtins/m365", "builtins/tenant/..."},
		tests: []string{"builtins/licshtest/..."}},
	{pkg: "builtins/powershellget", may: []string{"shell/..."}, tests: []string{"builtins/licshtest/..."}},
	{pkg: "builtins/graphserver", may: []string{"shell/...", "builtins/m365", "builtins/tenant/..."}, tests: []string{"builtins/licshtest/..."}},
	{pkg: "builtins/compat", may: []string{"shell/...", "builtins/m365", "builtins/tenant/..."}, tests: []string{"builtins/licshtest/..."}},
	{pkg: "builtins/compat/exchange", may: []string{"shell/...", "builtins/compat", "builtins/m365", "builtins/tenant/..."},
		tests: []string{"builtins/licshtest/..."}},
	{pkg: "builtins/compat/...", may: []string{"shell/...", "builtins/core", "builtins/compat", "builtins/m365", "builtins/tenant/..."}},
	{pkg: "builtins", may: []string{"shell/...", "builtins/..."}},
	{pkg: "builtins/licshtest/...", may: []string{"shell/...", "builtins", "builtins/m365", "builtins/licshtest/..."}},
	{pkg: "scripts/...", may: []string{"builtins/tenant/..."}, tests: []string{"shell/...", "builtins/..."}},
	{pkg: "cmd/licsh", may: []string{"shell/...", "builtins/...", "scripts"}},
}

// topLevel is what the repository holds at its top.
var topLevel = []string{".ci", ".gitignore", "README.md", "builtins", "cmd", "docs", "go.mod", "go.sum", "scripts", "shell"}

// TestLayout checks the packages' imports, their own and their tests',
// against the layers, and the folders at the top of the repository.
func TestLayout(t *testing.T) {
	t.Parallel()
	cmd := exec.Command("go", "list", "-json", "./...")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	seen := map[string]bool{}
	for {
		var p struct {
			ImportPath                         string
			Imports, TestImports, XTestImports []string
		}
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, "licsh"), "/")
		seen[rel] = true
		i := slices.IndexFunc(layers, func(l layer) bool { return matches(l.pkg, rel) })
		if i < 0 {
			t.Errorf("%s is in no layer of the layout", p.ImportPath)
			continue
		}
		l := layers[i]
		check := func(kind string, imports, may []string) {
			for _, imp := range imports {
				dep, ok := strings.CutPrefix(imp, "licsh/")
				if !ok || dep == rel || slices.ContainsFunc(may, func(m string) bool { return matches(m, dep) }) {
					continue
				}
				t.Errorf("%s imports %s%s, across the layers", p.ImportPath, imp, kind)
			}
		}
		check("", p.Imports, l.may)
		check(" in its tests", append(p.TestImports, p.XTestImports...), append(append([]string{rel}, l.may...), l.tests...))
	}
	for _, want := range []string{"builtins", "builtins/core", "builtins/importexcel", "builtins/m365", "builtins/batch",
		"builtins/compat", "builtins/compat/graph", "builtins/compat/msol", "builtins/compat/azuread",
		"builtins/tenant", "builtins/tenant/catalog", "builtins/tenant/graphapi", "builtins/graphserver", "shell/cmdlet", "cmd/licsh"} {
		if !seen[want] {
			t.Errorf("package licsh/%s is missing from the layout", want)
		}
	}
	git := exec.Command("git", "ls-files")
	git.Dir = "../.."
	files, err := git.Output()
	if err != nil {
		t.Logf("the top of the repository is not checked: git ls-files: %v", err)
		return
	}
	for _, f := range strings.Fields(string(files)) {
		if top, _, _ := strings.Cut(f, "/"); !slices.Contains(topLevel, top) {
			t.Errorf("%s is at the top of the repository, which holds only %v", top, topLevel)
		}
	}
}

// matches reports whether pkg is the package pattern names ("x/..." for x
// and what is below it).
func matches(pattern, pkg string) bool {
	if base, ok := strings.CutSuffix(pattern, "/..."); ok {
		return pkg == base || strings.HasPrefix(pkg, base+"/")
	}
	return path.Clean(pattern) == pkg
}
