package goext

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeGoCmdlet runs the example of README.md's "Writing a cmdlet in
// Go": the ```go block as a user's cmdlet file, the ```pwsh block after it
// as the script, whose output (errors included) must be the ```text block.
func TestReadmeGoCmdlet(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## Writing a cmdlet in Go\n")
	if !ok {
		t.Fatal("README.md has no section \"Writing a cmdlet in Go\"")
	}
	goSrc, rest := fenced(section, "go")
	script, rest := fenced(rest, "pwsh")
	want, _ := fenced(rest, "text")
	if goSrc == "" || script == "" || want == "" {
		t.Fatal("the section needs a ```go, a ```pwsh and a ```text block, in that order")
	}
	s := newSession(t, NewEngine(), mapDir("cmdlets", map[string]string{"offboarding.go": goSrc}))
	if len(s.loadErrs) > 0 {
		t.Fatalf("the example does not load: %s", errText(s.loadErrs))
	}
	var got strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(script), "\n") {
		out, errOut, _ := s.run(line)
		got.WriteString(out + errOut)
	}
	if got.String() != want {
		t.Errorf("the example writes\n%s\nthe README shows\n%s", got.String(), want)
	}
}

// fenced returns the body of the first ```lang block of md and the text
// after it.
func fenced(md, lang string) (body, rest string) {
	_, after, ok := strings.Cut(md, "```"+lang+"\n")
	if !ok {
		return "", md
	}
	body, rest, _ = strings.Cut(after, "\n```")
	return body + "\n", rest
}
