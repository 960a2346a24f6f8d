package core

import (
	"fmt"

	"licsh/shell/cmdlet"
	"licsh/shell/format"
	"licsh/shell/interp"
	"licsh/shell/value"
)

// typeJob is the type of the objects the job cmdlets write.
const typeJob = "System.Management.Automation.PSRemotingJob"

// jobSelect are the parameters that pick jobs, as Get-Job, Wait-Job,
// Receive-Job and Remove-Job take them.
func jobSelect() []*cmdlet.Param {
	return []*cmdlet.Param{
		{Name: "Job", Type: cmdlet.Objects, Position: 1, ValueFromPipeline: true, Sets: []string{"SessionIdParameterSet"}, Help: "The jobs, as Start-Job and Get-Job output them."},
		{Name: "Id", Type: cmdlet.Ints, Sets: []string{"IdParameterSet"}, Mandatory: true, Help: "The jobs with these ids."},
		{Name: "Name", Type: cmdlet.Strings, Sets: []string{"NameParameterSet"}, Mandatory: true, Help: "The jobs with these names; wildcards are allowed."},
	}
}

func jobCmdlets() []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{
		{
			Name:        "Start-Job",
			Module:      modCore,
			Aliases:     []string{"sajb"},
			Synopsis:    "Starts a PowerShell background job.",
			Description: "Start-Job runs a script block as a job in a session of its own: the caller's variables are reached only as $using:name copies, -ArgumentList binds its parameters. licsh runs the job to its end before Start-Job returns, so the job is Completed (or Failed) when Wait-Job and Receive-Job look at it; what it output waits for Receive-Job.",
			Params: []*cmdlet.Param{
				{Name: "ScriptBlock", Aliases: []string{"Command"}, Type: cmdlet.ScriptBlock, Position: 1, Mandatory: true, Help: "The commands the job runs."},
				{Name: "Name", Type: cmdlet.String, Help: "The job's name; Job<id> by default."},
				{Name: "ArgumentList", Aliases: []string{"Args"}, Type: cmdlet.Objects, Help: "The values of the script block's parameters."},
				{Name: "InitializationScript", Type: cmdlet.ScriptBlock, Help: "Accepted."},
			},
			Examples: []cmdlet.Example{
				{Code: "$dept = 'Sales'\n$job = Start-Job { \"counting $using:dept\" }\n$job | Wait-Job | Receive-Job", Remarks: "Runs a job with a copy of $dept and gets its output."},
			},
			Outputs: typeJob,
			Process: func(c cmdlet.Call) error {
				sb, _ := c.Get("ScriptBlock").(value.ScriptBlock)
				j, err := interp.Inner(c).StartJob(sb, c.String("Name"), asList(c.Get("ArgumentList")))
				if err != nil {
					return err
				}
				return c.Write(j)
			},
		},
		{
			Name:        "Get-Job",
			Module:      modCore,
			Aliases:     []string{"gjb"},
			Synopsis:    "Gets PowerShell background jobs that are running in the current session.",
			Description: "Get-Job lists the session's jobs, or those with the ids or names given.",
			Params: []*cmdlet.Param{
				{Name: "Id", Type: cmdlet.Ints, Position: 1, Help: "The jobs with these ids."},
				{Name: "Name", Type: cmdlet.Strings, Help: "The jobs with these names; wildcards are allowed."},
				{Name: "State", Type: cmdlet.String, ValidateSet: []string{"NotStarted", "Running", "Completed", "Failed", "Stopped", "Blocked", "Suspended", "Disconnected", "Suspending", "Stopping", "AtBreakpoint"}, Help: "Only the jobs in this state."},
			},
			Examples: []cmdlet.Example{
				{Code: "Start-Job { 1 + 1 } | Out-Null\nGet-Job", Remarks: "Lists the jobs of the session."},
			},
			Outputs: typeJob,
			Process: func(c cmdlet.Call) error {
				for _, j := range interp.Inner(c).Jobs() {
					if c.Bound("Id") && !containsInt(c.Get("Id"), j.ID) || !matchesAny(j.Name, c.Strings("Name")) ||
						c.Bound("State") && j.State != c.String("State") {
						continue
					}
					if err := c.Write(j); err != nil {
						return err
					}
				}
				return nil
			},
		},
		{
			Name:        "Wait-Job",
			Module:      modCore,
			Aliases:     []string{"wjb"},
			Synopsis:    "Waits until one or all of the PowerShell jobs running in the session are in a terminating state.",
			Description: "Wait-Job outputs the jobs once they have ended, which in licsh they have by the time Start-Job returns.",
			Params: append(jobSelect(),
				&cmdlet.Param{Name: "Timeout", Aliases: []string{"TimeoutSec"}, Type: cmdlet.Int, Help: "Accepted; licsh's jobs have ended already."},
				&cmdlet.Param{Name: "Any", Type: cmdlet.Switch, Help: "Accepted."},
				&cmdlet.Param{Name: "Force", Type: cmdlet.Switch, Help: "Accepted."},
			),
			DefaultParameterSet: "SessionIdParameterSet",
			Examples: []cmdlet.Example{
				{Code: "Start-Job { 'done' } | Wait-Job", Remarks: "Shows the job once it has ended."},
			},
			Outputs: typeJob,
			Process: eachJob(func(c cmdlet.Call, j *interp.Job) error { return c.Write(j) }),
		},
		{
			Name:        "Receive-Job",
			Module:      modCore,
			Aliases:     []string{"rcjb"},
			Synopsis:    "Gets the results of the PowerShell background jobs in the current session.",
			Description: "Receive-Job outputs what the jobs output and shows what they wrote to the host and their errors; without -Keep the results are then gone from the job.",
			Params: append(jobSelect(),
				&cmdlet.Param{Name: "Keep", Type: cmdlet.Switch, Help: "Keeps the results in the job, for another Receive-Job."},
				&cmdlet.Param{Name: "Wait", Type: cmdlet.Switch, Help: "Accepted; licsh's jobs have ended already."},
				&cmdlet.Param{Name: "AutoRemoveJob", Type: cmdlet.Switch, Help: "Removes the jobs once their results are received."},
			),
			DefaultParameterSet: "SessionIdParameterSet",
			Examples: []cmdlet.Example{
				{Code: "$job = Start-Job { Get-Date -Year 2024 -Month 1 -Day 2 -Format yyyy-MM-dd }\nReceive-Job $job -Keep", Remarks: "Gets the job's output and keeps it in the job."},
			},
			Process: eachJob(func(c cmdlet.Call, j *interp.Job) error {
				if err := interp.Inner(c).ReceiveJob(j, c.Switch("Keep")); err != nil {
					return err
				}
				if c.Switch("AutoRemoveJob") {
					interp.Inner(c).RemoveJob(j)
				}
				return nil
			}),
		},
		{
			Name:        "Remove-Job",
			Module:      modCore,
			Aliases:     []string{"rjb"},
			Synopsis:    "Deletes a PowerShell background job.",
			Description: "Remove-Job deletes jobs from the session, with what they held.",
			Params: append(jobSelect(),
				&cmdlet.Param{Name: "Force", Type: cmdlet.Switch, Help: "Accepted; licsh's jobs have ended already."},
			),
			DefaultParameterSet:   "SessionIdParameterSet",
			SupportsShouldProcess: true,
			Examples: []cmdlet.Example{
				{Code: "Start-Job { 1 } | Wait-Job | Remove-Job\n(Get-Job).Count", Remarks: "Deletes a job once it has ended."},
			},
			Process: eachJob(func(c cmdlet.Call, j *interp.Job) error {
				ok, err := c.ShouldProcess(j.Name, "Remove-Job")
				if err == nil && ok {
					interp.Inner(c).RemoveJob(j)
				}
				return err
			}),
		},
	}
}

// eachJob runs do for the jobs -Job, -Id or -Name picks; an id or name that
// picks none is an error.
func eachJob(do func(cmdlet.Call, *interp.Job) error) func(cmdlet.Call) error {
	return func(c cmdlet.Call) error {
		in := interp.Inner(c)
		var picked []*interp.Job
		switch {
		case c.Bound("Job"):
			for _, it := range asList(c.Get("Job")) {
				if j, ok := it.(*interp.Job); ok {
					picked = append(picked, j)
				}
			}
		case c.Bound("Id"):
			for _, it := range asList(c.Get("Id")) {
				id, _ := value.Convert(it, "int")
				found := false
				for _, j := range in.Jobs() {
					if j.ID == id {
						picked, found = append(picked, j), true
					}
				}
				if !found {
					if err := c.WriteError(jobNotFound(c, "id", value.ToString(it))); err != nil {
						return err
					}
				}
			}
		case c.Bound("Name"):
			for _, name := range c.Strings("Name") {
				found := false
				for _, j := range in.Jobs() {
					if value.Like(j.Name, name, false) {
						picked, found = append(picked, j), true
					}
				}
				if !found && !hasWildcard(name) {
					if err := c.WriteError(jobNotFound(c, "name", name)); err != nil {
						return err
					}
				}
			}
		}
		for _, j := range picked {
			if err := do(c, j); err != nil {
				return err
			}
		}
		return nil
	}
}

func jobNotFound(c cmdlet.Call, by, what string) *interp.ErrorRecord {
	id := "JobWithSpecifiedSessionNotFound"
	msg := fmt.Sprintf("The command cannot find a job with the job ID %s. Verify the value of the Id parameter, and then try the command again.", what)
	if by == "name" {
		id = "JobWithSpecifiedNameNotFound"
		msg = fmt.Sprintf("The command cannot find the job because the job name %s was not found. Verify the value of the Name parameter, and then try the command again.", what)
	}
	rec := interp.NewError(CommandID(id, c.Cmdlet().Name), "ObjectNotFound", what, msg)
	rec.Exception.Type = "System.ArgumentException"
	return rec
}

func containsInt(v any, n int) bool {
	for _, it := range asList(v) {
		if i, err := value.Convert(it, "int"); err == nil && i == n {
			return true
		}
	}
	return false
}

// jobViews show jobs as Get-Job lists them.
func jobViews() []format.View {
	return []format.View{{TypeName: typeJob, Table: []string{"Id", "Name", "PSJobTypeName", "State", "HasMoreData", "Location", "Command"}}}
}
