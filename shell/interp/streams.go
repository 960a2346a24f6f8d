package interp

import (
	"fmt"
	"strings"

	"licsh/shell/syntax"
	"licsh/shell/value"
)

// stream names the non-output streams a command can write to.
type stream int

const (
	streamWarning stream = iota
	streamVerbose
	streamDebug
)

var streamInfo = [...]struct{ pref, label string }{
	streamWarning: {"WarningPreference", "WARNING: "},
	streamVerbose: {"VerbosePreference", "VERBOSE: "},
	streamDebug:   {"DebugPreference", "DEBUG: "},
}

// action is an ActionPreference: what to do with a message or error.
type action string

const (
	actionDefault  action = ""
	actionContinue action = "continue"
	actionSilent   action = "silentlycontinue"
	actionStop     action = "stop"
	actionIgnore   action = "ignore"
	actionInquire  action = "inquire"
)

var actions = []string{"Continue", "Ignore", "Inquire", "SilentlyContinue", "Stop", "Suspend", "Break"}

// preference reads an ActionPreference variable as seen from sc.
func preference(sc *scope, name string) action {
	v, _ := sc.get(name)
	return action(strings.ToLower(value.ToString(v)))
}

// commonParams holds the common parameters a call was given.
type commonParams struct {
	errorAction   action
	warningAction action
	verbose       action
	debug         action
	whatIf        *bool
	confirm       *bool
	errorVariable string
	outVariable   string
	// yesToAll and noToAll remember [A] and [L] answers to -Confirm.
	yesToAll, noToAll bool
}

// writeError handles a non-terminating error: it is added to $Error and
// shown, unless the error action says otherwise; with Stop it becomes a
// terminating error, returned to the caller.
func (r *Runner) writeError(sc *scope, rec *ErrorRecord, act action) error {
	if act == actionDefault {
		act = preference(sc, "ErrorActionPreference")
	}
	r.lastOK = false
	switch act {
	case actionIgnore:
		return nil
	case actionStop:
		stopped := *rec
		stopped.fatal = true
		return &stopped
	case actionSilent:
		r.recordError(rec)
		return nil
	}
	r.recordError(rec)
	r.display(rec)
	return nil
}

// writeStream writes a warning, verbose or debug message when its
// preference (or the call's -WarningAction, -Verbose, -Debug) lets it
// through.
func (r *Runner) writeStream(sc *scope, s stream, msg string, act action) {
	info := streamInfo[s]
	if act == actionDefault {
		act = preference(sc, info.pref)
	}
	switch act {
	case actionContinue, actionInquire, actionStop:
		r.flushOutput()
		r.host.writeOut(info.label + msg)
	}
}

// flushOutput writes out a table the formatter is holding, so that text
// written straight to the host appears after the objects output before it.
func (r *Runner) flushOutput() {
	if r.out != nil {
		r.out.Flush()
	}
}

// recordError adds the record at the front of $Error, as PowerShell does.
func (r *Runner) recordError(rec *ErrorRecord) {
	r.errors.Items = append([]any{rec}, r.errors.Items...)
	if max := 256; len(r.errors.Items) > max {
		r.errors.Items = r.errors.Items[:max]
	}
}

// report records and shows an error that ended a statement or the script.
func (r *Runner) report(rec *ErrorRecord) {
	r.lastOK = false
	r.recordError(rec)
	r.display(rec)
}

// display writes the record to stderr in PowerShell's ConciseView.
func (r *Runner) display(rec *ErrorRecord) {
	r.flushOutput()
	text := conciseView(rec)
	if r.host.Color {
		text = "\x1b[31;1m" + strings.ReplaceAll(text, "\n", "\x1b[0m\n\x1b[31;1m") + "\x1b[0m"
	}
	r.host.writeErr(text)
}

// conciseView renders an error the way pwsh 7 shows it: "Prefix: message"
// for interactive and -Command input, and with the file, line, source line
// and ~~~ under the failing extent when the error comes from a script file.
func conciseView(rec *ErrorRecord) string {
	msg := rec.Error()
	if rec.file == nil || rec.file.Name == "" || rec.span.Start.Line == 0 {
		return rec.prefix() + ": " + msg
	}
	return rec.prefix() + ": " + positionMessage(rec) + "\n" + indentMessage(msg)
}

// positionMessage is "file:line", then the source line with ~~~ under the
// extent, in ConciseView's gutter.
func positionMessage(rec *ErrorRecord) string {
	if rec.file == nil || rec.span.Start.Line == 0 {
		return ""
	}
	start, end := rec.span.Start, rec.span.End
	line := sourceLine(rec.file.Src, start.Offset)
	num := fmt.Sprint(start.Line)
	gutter := max(len(num), 4)
	pad := strings.Repeat(" ", gutter)
	width := len([]rune(line)) - (start.Col - 1)
	if end.Line == start.Line && end.Col > start.Col {
		width = end.Col - start.Col
	}
	width = max(width, 1)
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s:%d\n", rec.file.Name, start.Line)
	fmt.Fprintf(&sb, "%-*s |\n", gutter, "Line")
	fmt.Fprintf(&sb, "%*s |  %s\n", gutter, num, line)
	fmt.Fprintf(&sb, "%s |  %s%s", pad, strings.Repeat(" ", start.Col-1), strings.Repeat("~", width))
	return sb.String()
}

// indentMessage puts each line of the message in the gutter.
func indentMessage(msg string) string {
	lines := strings.Split(msg, "\n")
	for i, l := range lines {
		lines[i] = "     | " + l
	}
	return strings.Join(lines, "\n")
}

// sourceLine returns the line of src that holds offset, without its end.
func sourceLine(src string, offset int) string {
	if offset > len(src) {
		offset = len(src)
	}
	start := strings.LastIndexByte(src[:offset], '\n') + 1
	end := strings.IndexByte(src[offset:], '\n')
	if end < 0 {
		end = len(src)
	} else {
		end += offset
	}
	return strings.TrimRight(src[start:end], "\r")
}

// withPosition gives an error record the position it was raised at, when it
// has none yet.
func withPosition(err error, f *syntax.File, span syntax.Span) *ErrorRecord {
	rec := asRecord(err)
	if rec.file == nil {
		rec.file, rec.span = f, span
	}
	return rec
}

// shouldProcess implements -WhatIf and -Confirm for a call.
func (r *Runner) shouldProcess(c *Call, target, act string) (bool, error) {
	whatIf := value.ToBool(c.scope.valueOf("WhatIfPreference"))
	if c.common.whatIf != nil {
		whatIf = *c.common.whatIf
	}
	if whatIf {
		r.flushOutput()
		r.host.writeOut(fmt.Sprintf("What if: Performing the operation %q on target %q.", act, target))
		return false, nil
	}
	if c.common.confirm == nil || !*c.common.confirm || c.common.yesToAll {
		return true, nil
	}
	if c.common.noToAll {
		return false, nil
	}
	prompt := fmt.Sprintf("\nConfirm\nAre you sure you want to perform this action?\nPerforming the operation %q on target %q.\n"+
		"[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help (default is \"Y\"): ", act, target)
	for {
		answer, err := r.host.ReadLine(prompt, false)
		if err != nil {
			return false, NewError("HostException", "ResourceUnavailable", target,
				"PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.")
		}
		switch strings.ToLower(strings.TrimSpace(answer)) {
		case "", "y":
			return true, nil
		case "a":
			c.common.yesToAll = true
			return true, nil
		case "n":
			return false, nil
		case "l":
			c.common.noToAll = true
			return false, nil
		case "s":
			return false, errCancelled
		}
	}
}

// valueOf returns a variable's value as seen from the scope, nil when it
// does not exist.
func (s *scope) valueOf(name string) any {
	v, _ := s.get(name)
	return v
}
