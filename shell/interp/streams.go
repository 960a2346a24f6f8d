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
	r.fail()
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
	if r.errSink != nil {
		r.errSink.items = append(r.errSink.items, conciseView(rec, r.host.width()))
		return nil
	}
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
		r.out.Close()
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
	r.fail()
	r.recordError(rec)
	r.display(rec)
}

// display writes the record to stderr in PowerShell's ConciseView.
func (r *Runner) display(rec *ErrorRecord) {
	r.flushOutput()
	text := conciseView(rec, r.host.width())
	if r.host.Color {
		text = "\x1b[31;1m" + strings.ReplaceAll(text, "\n", "\x1b[0m\n\x1b[31;1m") + "\x1b[0m"
	}
	r.host.writeErr(text)
}

// conciseView renders an error the way pwsh 7's ConciseView does:
// "Reason: message", and for an error from a script file, from a line after
// the first, or from the parser, the position, the source line with ~~~
// under the failing extent, and the message wrapped to the width.
func conciseView(rec *ErrorRecord, width int) string {
	msg := rec.Error()
	f := rec.file
	if f == nil || rec.span.Start.Line == 0 ||
		f.Name == "" && rec.span.Start.Line <= 1 && rec.Category != "ParserError" {
		return rec.prefix() + ": " + msg
	}
	var sb strings.Builder
	sb.WriteString(rec.prefix() + ": ")
	sb.WriteString(positionMessage(rec))
	sb.WriteString("\n")
	sb.WriteString(wrapMessage(msg, "     | ", width))
	return sb.String()
}

// positionMessage is "file:line" (empty without a file), then the source
// line with ~~~ under the extent, in ConciseView's gutter.
func positionMessage(rec *ErrorRecord) string {
	if rec.file == nil || rec.span.Start.Line == 0 {
		return ""
	}
	start, end := rec.span.Start, rec.span.End
	line := sourceLine(rec.file.Src, start.Offset)
	num := fmt.Sprint(start.Line)
	width := len([]rune(line)) - (start.Col - 1)
	if end.Line == start.Line && end.Col > start.Col {
		width = end.Col - start.Col
	}
	width = max(width, 1)
	var sb strings.Builder
	if rec.file.Name != "" {
		fmt.Fprintf(&sb, "%s:%d", rec.file.Name, start.Line)
	}
	header := strings.Repeat(" ", max(len(num)-4, 0))
	fmt.Fprintf(&sb, "\n%sLine |\n", header)
	fmt.Fprintf(&sb, "%*s |  %s\n", 4, num, line)
	fmt.Fprintf(&sb, "%s     |  %s%s", header, strings.Repeat(" ", start.Col-1), strings.Repeat("~", width))
	return sb.String()
}

// wrapMessage puts the message after the gutter prefix on one line, its
// own line breaks folded to spaces, and breaks it at spaces to fit width,
// each further line starting with the prefix again.
func wrapMessage(msg, prefix string, width int) string {
	msg = strings.NewReplacer("\r\n", " ", "\n", " ", "\t", " ").Replace(msg)
	text := prefix + msg
	if width <= 0 || len([]rune(text)) <= width {
		return text
	}
	var lines []string
	first := true
	for {
		candidate := text
		if !first {
			candidate = prefix + text
		}
		if len([]rune(candidate)) <= width {
			lines = append(lines, candidate)
			break
		}
		cut := truncateAtSpace(candidate, width)
		if len(cut) <= len(prefix) && !first {
			lines = append(lines, candidate)
			break
		}
		lines = append(lines, cut)
		consumed := len(cut)
		if !first {
			consumed -= len(prefix)
		}
		text = strings.TrimSpace(text[consumed:])
		first = false
	}
	return strings.Join(lines, "\n")
}

// truncateAtSpace cuts s to n runes and drops the word cut in two.
func truncateAtSpace(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexAny(cut, " \t"); i >= 0 {
		return cut[:i]
	}
	return cut
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
	text := fmt.Sprintf("Performing the operation %q on target %q.", act, target)
	return r.askShouldProcess(c, text, "Are you sure you want to perform this action?\n"+text, "Confirm")
}

// askShouldProcess is ShouldProcess with its texts: under -WhatIf it prints
// "What if: description"; when the call must be confirmed it asks the user
// with the caption and the warning.
func (r *Runner) askShouldProcess(c *Call, description, warning, caption string) (bool, error) {
	if c.WhatIf() {
		r.flushOutput()
		r.host.writeOut("What if: " + description)
		return false, nil
	}
	if !c.mustConfirm() || c.common.yesToAll {
		return true, nil
	}
	if c.common.noToAll {
		return false, nil
	}
	prompt := "\n" + caption + "\n" + warning + "\n" +
		"[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help (default is \"Y\"): "
	for {
		answer, err := r.host.ReadLine(prompt, false)
		if err != nil {
			return false, nonInteractive(description)
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

// shouldContinue is $PSCmdlet.ShouldContinue: it always asks the user.
func (r *Runner) shouldContinue(c *Call, query, caption string) (bool, error) {
	prompt := "\n" + caption + "\n" + query + "\n[Y] Yes  [N] No  [S] Suspend  [?] Help (default is \"Y\"): "
	for {
		answer, err := r.host.ReadLine(prompt, false)
		if err != nil {
			return false, nonInteractive(query)
		}
		switch strings.ToLower(strings.TrimSpace(answer)) {
		case "", "y":
			return true, nil
		case "n":
			return false, nil
		case "s":
			return false, errCancelled
		}
	}
}

func nonInteractive(target string) *ErrorRecord {
	return NewError("HostException", "ResourceUnavailable", target,
		"PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.")
}

// impactLevels orders ConfirmImpact and $ConfirmPreference.
var impactLevels = map[string]int{"none": 0, "low": 1, "medium": 2, "high": 3}

// mustConfirm reports whether ShouldProcess asks the user: with -Confirm,
// or when the command's ConfirmImpact reaches $ConfirmPreference.
func (c *Call) mustConfirm() bool {
	if c.common.confirm != nil {
		return *c.common.confirm
	}
	impact, ok := impactLevels[strings.ToLower(c.cmd.ConfirmImpact)]
	if !ok {
		impact = impactLevels["medium"]
	}
	pref, ok := impactLevels[strings.ToLower(value.ToString(c.scope.valueOf("ConfirmPreference")))]
	if !ok {
		pref = impactLevels["high"]
	}
	return pref > 0 && impact > 0 && impact >= pref
}

// valueOf returns a variable's value as seen from the scope, nil when it
// does not exist.
func (s *scope) valueOf(name string) any {
	v, _ := s.get(name)
	return v
}
