package symbols

import (
	"bytes"
	"flag"
	"go/format"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/traefik/yaegi/extract"
)

var update = flag.Bool("update", false, "rewrite the generated symbol files")

// api lists the packages interpreted code may import and the symbols each
// exports to it (regular expressions matched against the whole name).
var api = []struct {
	pkg     string
	symbols []string
}{
	{"licsh/shell/cmdlet", []string{
		"Cmdlet", "Param", "Example", "Call", "Type", "Completion",
		"Object", "Objects", "PSObject", "String", "Strings", "Int", "Ints", "Long", "Longs", "Double",
		"Bool", "Switch", "DateTime", "TimeSpan", "Hashtable", "ScriptBlock", "ScriptBlocks",
		"CompleteNone", "CompletePath", "CompleteProperty", "CompleteUser", "CompleteSku", "CompleteGroup",
		"NewError", "Identity", "IdentityProperties", "Prop", "Items", "Run", "Session",
	}},
	{"licsh/shell/value", []string{
		"Object", "NewObject", "Prop", "Hashtable", "NewHashtable", "Entry", "List",
		"ScriptBlock", "PropertyBag", "Error",
		"ToString", "ToBool", "TypeName", "Convert", "IsType", "Equal", "Compare", "Like",
		"Enumerate", "GetMember", "Format", "FormatDate",
	}},
}

// fileName is the file yaegi's extract command would write for a package.
func fileName(pkg string) string {
	return strings.NewReplacer("/", "-", ".", "_", "~", "_").Replace(pkg) + ".go"
}

// buildLine matches the version constraint the extractor adds to packages
// it takes for standard ones (licsh's module path has no dot); the
// generated code needs no particular Go version.
var buildLine = regexp.MustCompile(`(?m)^//(go:build| \+build) .*\n`)

func generate(pkg string, symbols []string) ([]byte, error) {
	include := make([]string, len(symbols))
	for i, s := range symbols {
		include[i] = "^" + s + "$"
	}
	ext := extract.Extractor{Dest: "symbols", Include: include}
	var buf bytes.Buffer
	if _, err := ext.Extract(pkg, pkg, &buf); err != nil {
		return nil, err
	}
	return format.Source(buildLine.ReplaceAll(buf.Bytes(), nil))
}

// TestSymbolsUpToDate regenerates the symbol files and compares them with
// the committed ones, so an API change cannot ship without them. Run
// `go generate ./shell/goext/symbols` to rewrite them.
func TestSymbolsUpToDate(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("type-checks licsh from source")
	}
	for _, p := range api {
		want, err := generate(p.pkg, p.symbols)
		if err != nil {
			t.Fatalf("extracting %s: %v", p.pkg, err)
		}
		name := fileName(p.pkg)
		if *update {
			if err := os.WriteFile(name, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(name)
		if err != nil {
			t.Fatalf("%v; run go generate ./shell/goext/symbols", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale: the API of %s changed; run go generate ./shell/goext/symbols", name, p.pkg)
		}
	}
}

// TestSymbolsExported checks that every listed symbol exists, so a renamed
// declaration is not silently dropped from the API.
func TestSymbolsExported(t *testing.T) {
	t.Parallel()
	for _, p := range api {
		path := p.pkg + "/" + p.pkg[strings.LastIndexByte(p.pkg, '/')+1:]
		got := Symbols[path]
		if got == nil {
			t.Fatalf("no symbols for %s", path)
		}
		for _, s := range p.symbols {
			if _, ok := got[s]; !ok {
				t.Errorf("%s: %s is listed but not exported", p.pkg, s)
			}
		}
		if len(got) < len(p.symbols) {
			t.Errorf("%s exports %d symbols, %d are listed", p.pkg, len(got), len(p.symbols))
		}
	}
}
