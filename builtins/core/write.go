package core

import (
	"io"
	"strings"

	"licsh/shell/cmdlet"
	"licsh/shell/format"
	"licsh/shell/interp"
	"licsh/shell/value"
)

// errorCategories are the ErrorCategory names Write-Error accepts.
var errorCategories = []string{
	"NotSpecified", "OpenError", "CloseError", "DeviceError", "DeadlockDetected", "InvalidArgument",
	"InvalidData", "InvalidOperation", "InvalidResult", "InvalidType", "MetadataError", "NotImplemented",
	"NotInstalled", "ObjectNotFound", "OperationStopped", "OperationTimeout", "SyntaxError", "ParserError",
	"PermissionDenied", "ResourceBusy", "ResourceExists", "ResourceUnavailable", "ReadError", "WriteError",
	"FromStdErr", "SecurityError", "ProtocolError", "ConnectionError", "AuthenticationError",
	"LimitsExceeded", "QuotaExceeded", "NotEnabled",
}

// consoleColors are the colours -ForegroundColor and -BackgroundColor
// accept.
var consoleColors = []string{
	"Black", "DarkBlue", "DarkGreen", "DarkCyan", "DarkRed", "DarkMagenta", "DarkYellow", "Gray",
	"DarkGray", "Blue", "Green", "Cyan", "Red", "Magenta", "Yellow", "White",
}

func writeCmdlets() []*cmdlet.Cmdlet {
	message := func(help string) []*cmdlet.Param {
		return []*cmdlet.Param{{Name: "Message", Aliases: []string{"Msg"}, Type: cmdlet.String, Position: 1, Mandatory: true, ValueFromPipeline: true, Help: help}}
	}
	return []*cmdlet.Cmdlet{
		{
			Name:        "Write-Output",
			Module:      modUtility,
			Aliases:     []string{"echo", "write"},
			Synopsis:    "Writes the specified objects to the pipeline.",
			Description: "Write-Output sends objects down the pipeline; a collection is sent item by item unless -NoEnumerate is given.",
			Params: []*cmdlet.Param{
				{Name: "InputObject", Type: cmdlet.Objects, Position: 1, Mandatory: true, ValueFromPipeline: true, ValueFromRemainingArguments: true, Help: "The objects to send."},
				{Name: "NoEnumerate", Type: cmdlet.Switch, Help: "Sends a collection as one object."},
			},
			Examples: []cmdlet.Example{{Code: "Write-Output 'Done'", Remarks: "Outputs the string Done."}},
			Process: func(c cmdlet.Call) error {
				v := c.Get("InputObject")
				if c.Switch("NoEnumerate") || c.HasInput() {
					return c.Write(v)
				}
				return c.WriteAll(v)
			},
		},
		{
			Name:        "Write-Host",
			Module:      modUtility,
			Synopsis:    "Writes customized output to a host.",
			Description: "Write-Host writes text straight to the console, past the pipeline, so it cannot be captured or redirected to a file. Several objects are joined with -Separator (a space).",
			Params: []*cmdlet.Param{
				{Name: "Object", Aliases: []string{"Msg", "Message"}, Type: cmdlet.Object, Position: 1, ValueFromPipeline: true, ValueFromRemainingArguments: true, Help: "What to write."},
				{Name: "NoNewline", Type: cmdlet.Switch, Help: "Does not end the output with a newline."},
				{Name: "Separator", Type: cmdlet.Object, Help: "Written between the objects; a space by default."},
				{Name: "ForegroundColor", Type: cmdlet.String, ValidateSet: consoleColors, Help: "The text colour (accepted; output is not coloured)."},
				{Name: "BackgroundColor", Type: cmdlet.String, ValidateSet: consoleColors, Help: "The background colour (accepted; output is not coloured)."},
			},
			Examples: []cmdlet.Example{{Code: "Write-Host 'Licenses assigned:' 12", Remarks: "Shows: Licenses assigned: 12"}},
			Process: func(c cmdlet.Call) error {
				items := asList(c.Get("Object"))
				sep := " "
				if c.Bound("Separator") {
					sep = value.ToString(c.Get("Separator"))
				}
				text := hostText(items, sep)
				if c.Switch("NoNewline") {
					if w := interp.Inner(c).Host().Stdout; w != nil {
						io.WriteString(w, text)
					}
					return nil
				}
				c.WriteHost(text)
				return nil
			},
		},
		{
			Name:        "Write-Warning",
			Module:      modUtility,
			Synopsis:    "Writes a warning message.",
			Description: "Write-Warning writes \"WARNING: \" and the message to the warning stream, shown unless $WarningPreference or -WarningAction says otherwise.",
			Params:      message("The warning text."),
			Examples:    []cmdlet.Example{{Code: "Write-Warning 'Only 3 seats left.'", Remarks: "Shows: WARNING: Only 3 seats left."}},
			Process:     func(c cmdlet.Call) error { c.WriteWarning(c.String("Message")); return nil },
		},
		{
			Name:        "Write-Verbose",
			Module:      modUtility,
			Synopsis:    "Writes text to the verbose message stream.",
			Description: "Write-Verbose writes \"VERBOSE: \" and the message, shown only with -Verbose or $VerbosePreference = 'Continue'.",
			Params:      message("The verbose text."),
			Examples:    []cmdlet.Example{{Code: "Write-Verbose 'Reading users' -Verbose", Remarks: "Shows: VERBOSE: Reading users"}},
			Process:     func(c cmdlet.Call) error { c.WriteVerbose(c.String("Message")); return nil },
		},
		{
			Name:        "Write-Debug",
			Module:      modUtility,
			Synopsis:    "Writes a debug message to the console.",
			Description: "Write-Debug writes \"DEBUG: \" and the message, shown only with -Debug or $DebugPreference = 'Continue'.",
			Params:      message("The debug text."),
			Examples:    []cmdlet.Example{{Code: "Write-Debug \"Row $i\" -Debug", Remarks: "Shows the row number."}},
			Process:     func(c cmdlet.Call) error { c.WriteDebug(c.String("Message")); return nil },
		},
		writeError(),
		{
			Name:        "Write-Information",
			Module:      modUtility,
			Synopsis:    "Specifies how PowerShell handles information stream data for a command.",
			Description: "Write-Information writes a message to the information stream. It is shown, on the console's output, only when $InformationPreference is Continue; by default it is kept silent.",
			Params: []*cmdlet.Param{
				{Name: "MessageData", Aliases: []string{"Msg", "Message"}, Type: cmdlet.Object, Position: 1, Mandatory: true, Help: "The message to write."},
				{Name: "Tags", Type: cmdlet.Strings, Position: 2, Help: "Tags that describe the message, for filtering."},
			},
			Examples: []cmdlet.Example{
				{Code: "$InformationPreference = 'Continue'; Write-Information 'Assigned 12 licenses.'", Remarks: "Shows: Assigned 12 licenses."},
			},
			Process: func(c cmdlet.Call) error {
				pref, _ := c.Var("InformationPreference")
				if strings.EqualFold(value.ToString(pref), "Continue") {
					c.WriteHost(value.ToString(c.Get("MessageData")))
				}
				return nil
			},
		},
		{
			Name:        "Write-Progress",
			Module:      modUtility,
			Synopsis:    "Displays a progress bar within a PowerShell command window.",
			Description: "Write-Progress is accepted so scripts written for PowerShell run unchanged; licsh shows no progress bar.",
			Params: []*cmdlet.Param{
				{Name: "Activity", Type: cmdlet.String, Position: 1, Help: "The activity being reported."},
				{Name: "Status", Type: cmdlet.String, Position: 2, Help: "The current state of the activity."},
				{Name: "Id", Type: cmdlet.Int, Position: 3, Help: "Tells progress bars apart."},
				{Name: "PercentComplete", Type: cmdlet.Int, Help: "How much is done, in percent."},
				{Name: "SecondsRemaining", Type: cmdlet.Int, Help: "The time left."},
				{Name: "CurrentOperation", Type: cmdlet.String, Help: "The operation under way."},
				{Name: "ParentId", Type: cmdlet.Int, Help: "The parent progress bar."},
				{Name: "Completed", Type: cmdlet.Switch, Help: "Ends the progress bar."},
				{Name: "SourceId", Type: cmdlet.Int, Help: "The source of the record."},
			},
			Examples: []cmdlet.Example{{Code: "Write-Progress -Activity 'Assigning' -PercentComplete 50", Remarks: "Reports progress."}},
			Process:  func(c cmdlet.Call) error { return nil },
		},
		{
			Name:        "Out-Null",
			Module:      modCore,
			Synopsis:    "Hides the output instead of sending it down the pipeline or displaying it.",
			Description: "Out-Null discards its input.",
			Params:      []*cmdlet.Param{{Name: "InputObject", Type: cmdlet.Object, ValueFromPipeline: true, Help: "The objects to discard."}},
			Examples:    []cmdlet.Example{{Code: "Set-UserLicense adele.garcia@contoso.com -AddLicenses SPE_E5 -PassThru | Out-Null", Remarks: "Discards the result."}},
			Process:     func(c cmdlet.Call) error { return nil },
		},
		{
			Name:        "Out-Host",
			Module:      modCore,
			Synopsis:    "Sends output to the command line.",
			Description: "Out-Host formats its input as the console shows it and writes it to the host, past the pipeline.",
			Params: []*cmdlet.Param{
				{Name: "InputObject", Type: cmdlet.Object, ValueFromPipeline: true, Help: "The objects to show."},
				{Name: "Paging", Type: cmdlet.Switch, Help: "Accepted; output is not paged."},
			},
			Examples: []cmdlet.Example{{Code: "Get-License | Out-Host", Remarks: "Shows the licenses."}},
			Begin:    beginHostOut,
			Process:  processHostOut,
			End:      endHostOut,
		},
		{
			Name:        "Out-Default",
			Module:      modCore,
			Synopsis:    "Sends the output to the default formatter and to the default output cmdlet.",
			Description: "Out-Default formats its input as the console shows it and writes it to the host, as PowerShell does with what a command outputs and nobody captures.",
			Params: []*cmdlet.Param{
				{Name: "InputObject", Type: cmdlet.Object, ValueFromPipeline: true, Help: "The objects to show."},
				{Name: "Transcript", Type: cmdlet.Switch, Help: "Accepted: the transcript records what is shown."},
			},
			Examples: []cmdlet.Example{{Code: "Get-User -Department Sales | Select-Object -First 3 | Out-Default", Remarks: "Shows users in the middle of a script, even where its output is captured."}},
			Begin:    beginHostOut,
			Process:  processHostOut,
			End:      endHostOut,
		},
		{
			Name:        "Out-String",
			Module:      modUtility,
			Synopsis:    "Outputs input objects as a string.",
			Description: "Out-String formats its input as the console would show it and outputs the text as one string, or line by line with -Stream.",
			Params: []*cmdlet.Param{
				{Name: "InputObject", Type: cmdlet.Object, ValueFromPipeline: true, Help: "The objects to format."},
				{Name: "Width", Type: cmdlet.Int, Help: "The line width; the console's by default."},
				{Name: "Stream", Type: cmdlet.Switch, Help: "Outputs each line as its own string."},
				{Name: "NoNewline", Type: cmdlet.Switch, Help: "Leaves out the newlines."},
			},
			Examples: []cmdlet.Example{{Code: "$text = Get-License | Out-String", Remarks: "Keeps the table as text."}},
			Process:  CollectInput("InputObject"),
			End:      outString,
		},
	}
}

// hostOut is Out-Host's formatter writing to the host line by line.
type hostOut struct {
	lw *lineWriter
	f  *format.Formatter
}

// asList returns v's items, or v alone when it is not a collection.
func asList(v any) []any {
	if v == nil {
		return nil
	}
	if items, ok := value.Enumerate(v); ok {
		return items
	}
	return []any{v}
}

// hostText is what Write-Host prints for its objects: each one's text,
// with a collection's items joined by the separator too.
func hostText(items []any, sep string) string {
	parts := make([]string, 0, len(items))
	for _, it := range items {
		if inner, ok := value.Enumerate(it); ok {
			parts = append(parts, hostText(inner, sep))
			continue
		}
		parts = append(parts, value.ToString(it))
	}
	return strings.Join(parts, sep)
}

// width is the -Width parameter, or the console's width.
func width(c cmdlet.Call) int {
	if c.Bound("Width") && c.Int("Width") > 0 {
		return c.Int("Width")
	}
	return interp.Inner(c).Host().Width
}

func outString(c cmdlet.Call) error {
	items, _ := c.State().([]any)
	text := format.String(items, width(c), interp.Inner(c).Views())
	if c.Switch("Stream") {
		for _, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
			if err := c.Write(line); err != nil {
				return err
			}
		}
		return nil
	}
	if c.Switch("NoNewline") {
		text = strings.ReplaceAll(text, "\n", "")
	}
	return c.Write(text)
}

func writeError() *cmdlet.Cmdlet {
	return &cmdlet.Cmdlet{
		Name:                "Write-Error",
		Module:              modUtility,
		Synopsis:            "Writes an object to the error stream.",
		Description:         "Write-Error reports a non-terminating error: the script goes on unless -ErrorAction Stop or $ErrorActionPreference says otherwise. The error is shown as \"Write-Error: message\" and kept in $Error.",
		DefaultParameterSet: "NoException",
		Params: []*cmdlet.Param{
			{Name: "Message", Aliases: []string{"Msg"}, Type: cmdlet.String, Position: 1, Mandatory: true, ValueFromPipeline: true, Sets: []string{"NoException", "WithException"}, Help: "The error text."},
			{Name: "Exception", Type: cmdlet.Object, Mandatory: true, Sets: []string{"WithException"}, Help: "The exception the error stands for."},
			{Name: "ErrorRecord", Type: cmdlet.Object, Mandatory: true, Sets: []string{"ErrorRecord"}, Help: "An error record to write again."},
			{Name: "Category", Type: cmdlet.String, ValidateSet: errorCategories, Help: "The error category; NotSpecified by default."},
			{Name: "ErrorId", Type: cmdlet.String, Help: "The id that FullyQualifiedErrorId shows."},
			{Name: "TargetObject", Type: cmdlet.Object, Help: "The object the error is about."},
			{Name: "RecommendedAction", Type: cmdlet.String, Help: "What the user should do."},
			{Name: "CategoryActivity", Aliases: []string{"Activity"}, Type: cmdlet.String, Help: "Overrides the category's activity."},
			{Name: "CategoryReason", Aliases: []string{"Reason"}, Type: cmdlet.String, Help: "Overrides the category's reason."},
			{Name: "CategoryTargetName", Aliases: []string{"TargetName"}, Type: cmdlet.String, Help: "Overrides the category's target name."},
			{Name: "CategoryTargetType", Aliases: []string{"TargetType"}, Type: cmdlet.String, Help: "Overrides the category's target type."},
		},
		Examples: []cmdlet.Example{
			{Code: "function Assert-Seat { if ((Get-License SPE_E5).Available -lt 1) { Write-Error 'No seats left for SPE_E5.' -Category LimitsExceeded } }\nAssert-Seat", Remarks: "A function that reports an error, and goes on, when no seat is left."},
		},
		Process: func(c cmdlet.Call) error {
			if rec, ok := c.Get("ErrorRecord").(*interp.ErrorRecord); ok {
				return c.WriteError(rec)
			}
			msg := c.String("Message")
			excType := "Microsoft.PowerShell.Commands.WriteErrorException"
			switch x := c.Get("Exception").(type) {
			case nil:
			case *interp.Exception:
				excType = x.Type
				if !c.Bound("Message") {
					msg = x.Message
				}
			default:
				if !c.Bound("Message") {
					msg = value.ToString(x)
				}
			}
			id := c.String("ErrorId")
			if id == "" {
				id = excType
			}
			cat := c.String("Category")
			if cat == "" {
				cat = "NotSpecified"
			}
			rec := interp.NewError(id, cat, c.Get("TargetObject"), msg)
			rec.Exception.Type = excType
			// pwsh reports the error as the function's own: "f: msg", with
			// the id qualified by the function's name.
			rec.Command = interp.Inner(c).Caller()
			return c.WriteError(rec)
		},
	}
}

// beginHostOut, processHostOut and endHostOut are Out-Host and
// Out-Default: the input formatted as the console shows it, line by line to
// the host, past the pipeline.
func beginHostOut(c cmdlet.Call) error {
	lw := &lineWriter{emit: func(line string) error { c.WriteHost(line); return nil }}
	c.SetState(&hostOut{lw: lw, f: format.New(lw, interp.Inner(c).Host().Width, interp.Inner(c).Views())})
	return nil
}

func processHostOut(c cmdlet.Call) error {
	return c.State().(*hostOut).f.Write(c.Get("InputObject"))
}

func endHostOut(c cmdlet.Call) error {
	h := c.State().(*hostOut)
	if err := h.f.Close(); err != nil {
		return err
	}
	return h.lw.Flush()
}
