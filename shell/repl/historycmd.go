package repl

import (
	"fmt"
	"strconv"
	"strings"

	"licsh/shell/cmdlet"
	"licsh/shell/format"
	"licsh/shell/interp"
	"licsh/shell/syntax"
	"licsh/shell/value"
)

// historyInfoType is the type name of Get-History's objects, as in pwsh.
const historyInfoType = "Microsoft.PowerShell.Commands.HistoryInfo"

// historyModule is the module pwsh has the history cmdlets in.
const historyModule = "Microsoft.PowerShell.Core"

// registerCmdlets adds the cmdlets that need the shell's history. Their
// names are fixed, so a refusal is a defect of licsh's own.
func (s *Shell) registerCmdlets(reg *interp.Registry) {
	reg.Views().Add(format.View{TypeName: historyInfoType, Table: []string{"Id", "Duration", "CommandLine"}})
	for _, c := range s.historyCmdlets() {
		if err := reg.Add(c); err != nil {
			panic(err)
		}
	}
}

func (s *Shell) historyCmdlets() []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{{
		Name:        "Get-History",
		Module:      historyModule,
		Aliases:     []string{"h", "ghy", "history"},
		Synopsis:    "Gets a list of the commands entered during the current session.",
		Description: "Get-History lists the commands entered in this session, oldest first, with their Id, status and run time. -Count keeps the last ones; -Id picks entries.",
		Params: []*cmdlet.Param{
			{Name: "Id", Type: cmdlet.Longs, Position: 1, Help: "The ids of the entries to get."},
			{Name: "Count", Type: cmdlet.Int, Position: 2, Help: "How many of the most recent entries to get."},
		},
		Outputs: historyInfoType,
		Examples: []cmdlet.Example{
			{Code: "Get-History -Count 5", Remarks: "The last five commands."},
		},
		End: s.getHistory,
	}, {
		Name:                  "Invoke-History",
		Module:                historyModule,
		Aliases:               []string{"r", "ihy"},
		Synopsis:              "Runs commands from the session history.",
		Description:           "Invoke-History runs the entry with the given Id, the most recent entry that starts with the given text, or the last entry. It shows the command line before running it.",
		SupportsShouldProcess: true,
		Params: []*cmdlet.Param{
			{Name: "Id", Type: cmdlet.String, Position: 1, ValueFromPipelineByPropertyName: true, Help: "The Id of the entry, or the start of its command line."},
		},
		Examples: []cmdlet.Example{
			{Code: "Invoke-History 3", Remarks: "Runs history entry 3 again."},
			{Code: "r Get-U", Remarks: "Runs the last command that starts with Get-U."},
		},
		Process: s.invokeHistory,
	}}
}

func (s *Shell) getHistory(c cmdlet.Call) error {
	entries := s.history.Entries()
	if c.Bound("Id") {
		var picked []Entry
		for _, idText := range c.Strings("Id") {
			id, err := strconv.Atoi(idText)
			e, ok := s.history.Find(id)
			if err != nil || !ok {
				if err := c.WriteError(interp.NewError("GetHistoryNoHistoryForId", "ObjectNotFound", idText, fmt.Sprintf("Cannot locate history for Id %s.", idText))); err != nil {
					return err
				}
				continue
			}
			picked = append(picked, e)
		}
		entries = picked
	}
	if c.Bound("Count") {
		if n := c.Int("Count"); n >= 0 && n < len(entries) {
			entries = entries[len(entries)-n:]
		}
	}
	for _, e := range entries {
		if err := c.Write(historyInfo(e)); err != nil {
			return err
		}
	}
	return nil
}

func historyInfo(e Entry) *value.Object {
	o := value.NewObject(historyInfoType)
	o.Set("Id", int64(e.ID))
	o.Set("CommandLine", e.CommandLine)
	o.Set("ExecutionStatus", e.Status)
	o.Set("StartExecutionTime", e.Start)
	o.Set("EndExecutionTime", e.End)
	o.Set("Duration", e.End.Sub(e.Start))
	return o
}

func (s *Shell) invokeHistory(c cmdlet.Call) error {
	if s.invoking {
		return interp.NewError("InvokeHistoryLoopDetected", "InvalidOperation", nil, "Invoke-History cannot run Invoke-History.")
	}
	e, err := s.findEntry(c.String("Id"), c.Bound("Id"))
	if err != nil {
		return err
	}
	ok, err := c.ShouldProcess(e.CommandLine, "Invoke-History")
	if err != nil || !ok {
		return err
	}
	f, err := syntax.Parse("", e.CommandLine)
	if err != nil {
		return err
	}
	c.WriteHost(e.CommandLine)
	s.invoked = e.CommandLine
	s.invoking = true
	defer func() { s.invoking = false }()
	return c.Invoke(&interp.ScriptBlock{Body: f.Body, File: f}, nil, c.Write)
}

// findEntry resolves Invoke-History's -Id: a number, the start of a command
// line, or nothing for the last entry.
func (s *Shell) findEntry(id string, given bool) (Entry, error) {
	entries := s.history.Entries()
	if !given || strings.TrimSpace(id) == "" {
		if len(entries) == 0 {
			return Entry{}, interp.NewError("InvokeHistoryNoLastHistoryEntryFound", "ObjectNotFound", nil, "Cannot locate the most recent history.")
		}
		return entries[len(entries)-1], nil
	}
	if n, err := strconv.Atoi(id); err == nil {
		if e, ok := s.history.Find(n); ok {
			return e, nil
		}
		return Entry{}, interp.NewError("InvokeHistoryNoHistoryForId", "ObjectNotFound", id, fmt.Sprintf("Cannot locate history for Id %s.", id))
	}
	if e, ok := s.history.FindPrefix(id); ok {
		return e, nil
	}
	return Entry{}, interp.NewError("InvokeHistoryNoHistoryForCommandline", "ObjectNotFound", id, fmt.Sprintf("Cannot locate most recent history for CommandLine %s.", id))
}
