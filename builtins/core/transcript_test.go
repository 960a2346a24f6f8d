package core_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"licsh/builtins/licshtest"
	"licsh/shell/interp"
)

func TestTranscript(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "audit.txt")
	var out, errs bytes.Buffer
	r := licshtest.New(t).Runner(&interp.Host{Stdout: &out, Stderr: &errs})
	entries := []string{
		"Start-Transcript -Path '" + path + "' -UseMinimalHeader",
		"'recorded ' + 'output'",
		"Write-Error 'recorded error'",
		"Stop-Transcript",
		"'after the transcript'",
		"Stop-Transcript",
	}
	for _, e := range entries {
		r.RunString(context.Background(), "", e, nil)
	}
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"PowerShell transcript start\nStart time: ", "recorded output\n", "Write-Error: recorded error\n", "PowerShell transcript end\nEnd time: "} {
		if !strings.Contains(string(file), want) {
			t.Errorf("the transcript lacks %q:\n%s", want, file)
		}
	}
	if strings.Contains(string(file), "after the transcript") {
		t.Errorf("the transcript goes on after Stop-Transcript:\n%s", file)
	}
	for _, want := range []string{"Transcript started, output file is " + path, "recorded output", "Transcript stopped, output file is " + path, "after the transcript"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the screen lacks %q:\n%s", want, out.String())
		}
	}
	if want := "Stop-Transcript: An error occurred stopping transcription: The host is not currently transcribing.\n"; !strings.HasSuffix(errs.String(), want) {
		t.Errorf("stderr = %q, want it to end with %q", errs.String(), want)
	}
}

func TestGetError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		script string
		want   []string
	}{
		{"try { throw 'boom' } catch {}; Get-Error", []string{"\nException             :\n    Type           : System.Management.Automation.RuntimeException\n    Message        : boom\n", "FullyQualifiedErrorId : boom"}},
		{"Write-Error 'one' 2>$null; Write-Error 'two' 2>$null; Get-Error -Newest 2", []string{"Type           : Microsoft.PowerShell.Commands.WriteErrorException\n    Message        : two\n"}},
		{"try { throw 'x' } catch { $_ | Get-Error }", []string{"Message        : x\n", "TargetObject          : x\n"}},
		{"Get-Error", nil},
	}
	for _, tt := range tests {
		r := licshtest.Script(t, t.TempDir()).Run(tt.script)
		out, errs := r.Stdout, r.Stderr
		if errs != "" {
			t.Errorf("%s: stderr %q", tt.script, errs)
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: output lacks %q:\n%s", tt.script, w, out)
			}
		}
		if tt.want == nil && out != "" {
			t.Errorf("%s: output %q, want none", tt.script, out)
		}
	}
}

// TestTranscriptOfScript checks that a transcript started inside a script
// records what the script outputs while it runs, strings and tables alike,
// and nothing after Stop-Transcript, as pwsh's scheduled jobs rely on.
func TestTranscriptOfScript(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	script := filepath.Join(dir, "job.ps1")
	src := "Start-Transcript -Path ./job.log | Out-Null\n'first line'\ntry { [pscustomobject]@{ User = 'ann'; Removed = 2 } } finally { 'cleanup' }\nStop-Transcript | Out-Null\n'after'\n"
	if err := os.WriteFile(script, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	s := licshtest.New(t)
	s.Dir = dir
	var out, errs bytes.Buffer
	r := s.Runner(&interp.Host{Stdout: &out, Stderr: &errs})
	if code := r.RunFile(context.Background(), script, nil); code != 0 || errs.Len() > 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	file, err := os.ReadFile(filepath.Join(dir, "job.log"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\nfirst line\n", "\nUser Removed\n---- -------\nann        2\n", "\ncleanup\n"} {
		if !strings.Contains(string(file), want) {
			t.Errorf("the transcript lacks %q:\n%s", want, file)
		}
	}
	if strings.Contains(string(file), "after") {
		t.Errorf("the transcript goes on after Stop-Transcript:\n%s", file)
	}
	if !strings.Contains(out.String(), "first line") || !strings.Contains(out.String(), "after") {
		t.Errorf("the screen lacks the output:\n%s", out.String())
	}
}
