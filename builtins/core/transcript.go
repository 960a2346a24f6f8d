package core

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"sync"
	"time"

	"licsh/shell/cmdlet"
	"licsh/shell/interp"
)

func transcriptCmdlets() []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{
		{
			Name:        "Start-Transcript",
			Module:      modHost,
			Synopsis:    "Creates a record of all or part of a session to a text file.",
			Description: "Start-Transcript copies everything the session shows (the commands typed, their output and their errors) to a text file until Stop-Transcript, as an audit trail. Without -Path the file is PowerShell_transcript.<host>.<random>.<time>.txt in the home folder.",
			Params: []*cmdlet.Param{
				{Name: "Path", Aliases: []string{"LiteralPath", "PSPath"}, Type: cmdlet.String, Position: 1, Complete: cmdlet.CompletePath, Help: "The transcript file."},
				{Name: "Append", Type: cmdlet.Switch, Help: "Adds to the end of an existing file instead of replacing it."},
				{Name: "Force", Type: cmdlet.Switch, Help: "Replaces a read-only file."},
				{Name: "NoClobber", Aliases: []string{"NoOverwrite"}, Type: cmdlet.Switch, Help: "Fails instead of replacing an existing file."},
				{Name: "UseMinimalHeader", Type: cmdlet.Switch, Help: "Writes only the start time in the header."},
			},
			Outputs: "System.String",
			Examples: []cmdlet.Example{
				{Code: "Start-Transcript -Path ./audit.txt -Append", Remarks: "Records the rest of the session at the end of audit.txt."},
			},
			End: startTranscript,
		},
		{
			Name:        "Stop-Transcript",
			Module:      modHost,
			Synopsis:    "Stops a transcript.",
			Description: "Stop-Transcript ends the transcript that Start-Transcript began, writing its footer and closing the file.",
			Outputs:     "System.String",
			Examples:    []cmdlet.Example{{Code: "Start-Transcript ./session.txt | Out-Null\nGet-License | Out-Null\nStop-Transcript", Remarks: "Ends the transcript."}},
			End:         stopTranscript,
		},
	}
}

// transcript is the host's standard output or error while a transcript
// runs: what the session writes goes to the screen and to the file.
type transcript struct {
	screen io.Writer
	file   *transcriptFile
}

// transcriptFile is the file that both streams of a transcript share.
type transcriptFile struct {
	mu   sync.Mutex
	f    *os.File
	path string
	// stdout and stderr are the streams the transcript replaced.
	stdout, stderr io.Writer
}

func (t *transcript) Write(p []byte) (int, error) {
	n, err := t.screen.Write(p)
	t.file.write(p)
	return n, err
}

// Transcribe records text the shell showed past the host, such as the
// prompt and the command line typed.
func (t *transcript) Transcribe(text string) { t.file.write([]byte(text)) }

func (tf *transcriptFile) write(p []byte) {
	tf.mu.Lock()
	tf.f.Write(p)
	tf.mu.Unlock()
}

func startTranscript(c cmdlet.Call) error {
	path := c.String("Path")
	if path == "" {
		path = defaultTranscriptPath(interp.Inner(c).Runner().Host())
	} else {
		path = c.Path(path)
	}
	flags := os.O_CREATE | os.O_WRONLY | os.O_TRUNC
	switch {
	case c.Switch("Append"):
		flags = os.O_CREATE | os.O_WRONLY | os.O_APPEND
	case c.Switch("NoClobber"):
		if _, err := os.Stat(path); err == nil {
			return interp.NewError("NoClobber,Microsoft.PowerShell.Commands.StartTranscriptCommand", "ResourceExists", path,
				fmt.Sprintf("The file '%s' already exists.", path))
		}
	}
	if c.Switch("Force") {
		os.Chmod(path, 0o600)
	}
	f, err := os.OpenFile(path, flags, 0o600)
	if err != nil {
		return interp.NewError("CannotStartTranscription,Microsoft.PowerShell.Commands.StartTranscriptCommand", "InvalidOperation", path,
			fmt.Sprintf("Transcription cannot be started due to the error: %s", err))
	}
	h := interp.Inner(c).Runner().Host()
	tf := &transcriptFile{f: f, path: path, stdout: h.Stdout, stderr: h.Stderr}
	tf.write([]byte(transcriptHeader(h, c.Switch("UseMinimalHeader"))))
	h.Stdout = &transcript{screen: h.Stdout, file: tf}
	h.Stderr = &transcript{screen: h.Stderr, file: tf}
	return c.Write("Transcript started, output file is " + path)
}

func stopTranscript(c cmdlet.Call) error {
	interp.Inner(c).FlushOutput()
	h := interp.Inner(c).Runner().Host()
	t, ok := h.Stdout.(*transcript)
	if !ok {
		return interp.NewError("InvalidOperation,Microsoft.PowerShell.Commands.StopTranscriptCommand", "InvalidOperation", nil,
			"An error occurred stopping transcription: The host is not currently transcribing.")
	}
	tf := t.file
	h.Stdout, h.Stderr = tf.stdout, tf.stderr
	tf.write([]byte("**********************\nPowerShell transcript end\nEnd time: " + transcriptTime(h) + "\n**********************\n"))
	tf.f.Close()
	return c.Write("Transcript stopped, output file is " + tf.path)
}

func transcriptTime(h *interp.Host) string {
	now := time.Now()
	if h.Now != nil {
		now = h.Now()
	}
	return now.Format("20060102150405")
}

// transcriptHeader is pwsh's header block.
func transcriptHeader(h *interp.Host, minimal bool) string {
	start := "**********************\nPowerShell transcript start\nStart time: " + transcriptTime(h) + "\n"
	if minimal {
		return start + "**********************\n"
	}
	name := ""
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	machine, _ := os.Hostname()
	return start +
		"Username: " + name + "\n" +
		"RunAs User: " + name + "\n" +
		"Configuration Name: \n" +
		"Machine: " + machine + "\n" +
		"Host Application: licsh\n" +
		fmt.Sprintf("Process ID: %d\n", os.Getpid()) +
		"PSVersion: 7.4.0\n" +
		"PSEdition: Core\n" +
		"**********************\n"
}

// defaultTranscriptPath is where pwsh puts a transcript without -Path, in
// the home folder.
func defaultTranscriptPath(h *interp.Host) string {
	home, err := os.UserHomeDir()
	if err != nil {
		home = "."
	}
	machine, _ := os.Hostname()
	b := make([]byte, 4)
	rand.Read(b)
	return filepath.Join(home, fmt.Sprintf("PowerShell_transcript.%s.%s.%s.txt", machine, hex.EncodeToString(b), transcriptTime(h)))
}
