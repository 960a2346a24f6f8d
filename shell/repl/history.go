package repl

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// historyFileLimit is how many lines the history file keeps; older ones are
// dropped when a session starts.
const historyFileLimit = 4096

// maxSavedLine is the longest line written to the history file: a pasted
// megabyte of data is kept for the session but would make every later
// start slow.
const maxSavedLine = 16 << 10

// secretPattern matches lines that may hold a secret; like PSReadLine, the
// shell keeps them in the session's history but out of the file. The words
// are PSReadLine's, plus "key" and "passwd"; then ConvertTo-SecureString,
// whose -String is the secret itself, and any name ending in pass, pw or
// pwd given a value: `$pass = '...'`, `$adminPw = "..."`, the `Pwd=...` of
// a connection string, a hashtable's `Pass = ...`. Reading such a
// variable, or the Get-Location alias pwd, is kept.
var secretPattern = regexp.MustCompile(`(?i)password|passwd|asplaintext|token|apikey|secret|key|convertto-securestring|(pass|pw|pwd)\s*=`)

// IsSecret reports whether a command line looks like it holds a secret and
// so must not be written to the history file.
func IsSecret(line string) bool { return secretPattern.MatchString(line) }

// Entry is one command line run in the session, as Get-History shows it.
type Entry struct {
	ID          int
	CommandLine string
	// Status is PowerShell's ExecutionStatus: Completed, Failed or
	// Stopped.
	Status     string
	Start, End time.Time
}

// History is the session's command history and, when it has a path, the
// file that carries it to the next session.
type History struct {
	path    string
	entries []Entry
}

// NewHistory returns a history saved to path; "" keeps it for the session
// only.
func NewHistory(path string) *History { return &History{path: path} }

// DefaultHistoryPath is $XDG_STATE_HOME/licsh/history, or
// ~/.local/state/licsh/history; "" when neither folder is known.
func DefaultHistoryPath() string {
	state := os.Getenv("XDG_STATE_HOME")
	if state == "" {
		home, err := os.UserHomeDir()
		if err != nil || home == "" {
			return ""
		}
		state = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(state, "licsh", "history")
}

// Load returns the lines of the history file, oldest first, trimming the
// file to its limit. A missing or unreadable file is an empty history.
func (h *History) Load() []string {
	if h.path == "" {
		return nil
	}
	f, err := os.Open(h.path)
	if err != nil {
		return nil
	}
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), maxSavedLine+1)
	for sc.Scan() {
		if line := sc.Text(); strings.TrimSpace(line) != "" {
			lines = append(lines, line)
		}
	}
	f.Close()
	if len(lines) > historyFileLimit {
		lines = lines[len(lines)-historyFileLimit:]
		h.rewrite(lines)
	}
	return lines
}

// rewrite replaces the file with lines through a temporary file, so a crash
// cannot leave it half-written.
func (h *History) rewrite(lines []string) {
	tmp := h.path + ".tmp"
	if err := os.WriteFile(tmp, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		return
	}
	os.Rename(tmp, h.path)
}

// Add records a command line run in the session and, unless it looks like
// a secret or is too long, appends its lines to the history file. Appending
// one write per entry keeps the entries of several sessions whole.
func (h *History) Add(e Entry) Entry {
	e.ID = len(h.entries) + 1
	h.entries = append(h.entries, e)
	if h.path == "" || IsSecret(e.CommandLine) || len(e.CommandLine) > maxSavedLine {
		return e
	}
	var sb strings.Builder
	for _, line := range strings.Split(e.CommandLine, "\n") {
		if strings.TrimSpace(line) != "" {
			sb.WriteString(strings.TrimSuffix(line, "\r") + "\n")
		}
	}
	if err := os.MkdirAll(filepath.Dir(h.path), 0o700); err != nil {
		return e
	}
	f, err := os.OpenFile(h.path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return e
	}
	f.WriteString(sb.String())
	f.Close()
	return e
}

// Entries returns the session's entries, oldest first.
func (h *History) Entries() []Entry { return h.entries }

// Find returns the entry with that id.
func (h *History) Find(id int) (Entry, bool) {
	if id < 1 || id > len(h.entries) {
		return Entry{}, false
	}
	return h.entries[id-1], true
}

// FindPrefix returns the most recent entry whose command line starts with
// prefix, as Invoke-History matches a string.
func (h *History) FindPrefix(prefix string) (Entry, bool) {
	for i := len(h.entries) - 1; i >= 0; i-- {
		if strings.HasPrefix(strings.ToLower(h.entries[i].CommandLine), strings.ToLower(prefix)) {
			return h.entries[i], true
		}
	}
	return Entry{}, false
}
