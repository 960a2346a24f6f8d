package interp

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"

	"licsh/shell/value"
)

// isolated is a session of its own in which ForEach-Object -Parallel and
// Start-Job run a script block: its own variables, functions, modules and
// types, the same commands, and the caller's variables only as $using:
// copies. Nothing it changes is seen by the caller.
type isolated struct {
	r          *Runner
	out, errb  *bytes.Buffer // the host text of a job, kept for Receive-Job
	keepOutput bool
}

// isolate makes the session. A job's host text is kept; a parallel block
// writes to the caller's console.
func (c *Call) isolate(keep bool) *isolated {
	h := c.r.host
	iso := &isolated{keepOutput: keep}
	host := &Host{Stdout: h.Stdout, Stderr: h.Stderr, Width: h.Width, Now: h.Now, Color: h.Color, Dir: h.Dir}
	if keep {
		iso.out, iso.errb = &bytes.Buffer{}, &bytes.Buffer{}
		host.Stdout, host.Stderr, host.Color = iso.out, iso.errb, false
	}
	child := New(host, c.r.reg)
	// The session runs on the caller's Go stack, so its calls count on
	// from the caller's.
	child.depth = c.r.depth
	caller := c.scope
	dir := c.r.dir
	child.using = func(name string) (any, bool) {
		if strings.EqualFold(name, "pwd") { // the caller's location, which is no variable of its scope
			return NewPathInfo(dir), true
		}
		v, ok := caller.get(name)
		return copyValue(v), ok
	}
	iso.r = child
	return iso
}

// run runs a script block in the isolated session: with $_ set to input
// (ForEach-Object -Parallel) or with args bound to its parameters
// (Start-Job). A panic is turned into an error rather than ending licsh.
func (iso *isolated) run(ctx context.Context, sb *ScriptBlock, input any, hasInput bool, args []any) (out []any, err error) {
	defer func() {
		if p := recover(); p != nil {
			out, err = nil, NewError("IsolatedRunFailed", "NotSpecified", nil, fmt.Sprintf("The script block failed: %v", p))
		}
	}()
	r := iso.r
	emit := func(v any) error {
		out = append(out, v)
		return nil
	}
	if hasInput {
		err = r.invokeBlockHere(ctx, newScope(r.global), sb, input, args, emit)
	} else {
		err = r.invokeBlock(ctx, r.global, sb, nil, args, emit)
	}
	if err != nil && !isFlow(err) {
		rec := asRecord(err)
		if !isCancel(err) {
			r.report(rec)
		}
		return out, rec
	}
	return out, nil
}

// copyValue is how a $using: value reaches an isolated session: a copy of
// collections, hashtables and objects, so the session cannot change the
// caller's.
func copyValue(v any) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, it := range x {
			out[i] = copyValue(it)
		}
		return out
	case *value.List:
		items, _ := copyValue(x.Items).([]any)
		return &value.List{Items: items, ArrayList: x.ArrayList, Set: x.Set}
	case *value.Hashtable:
		h := x.Copy()
		for _, e := range x.Entries() {
			h.Set(e.Key, copyValue(e.Value))
		}
		return h
	case *value.Object:
		o := x.Copy()
		for _, p := range x.Props() {
			o.Set(p.Name, copyValue(p.Value))
		}
		return o
	}
	return v
}

// RunParallel runs one input object through ForEach-Object -Parallel's
// script block in a session of its own, and writes what it outputs; its
// errors are shown as they come, and one that ends the block is reported
// without stopping the others.
func (c *Call) RunParallel(sb value.ScriptBlock, input any) error {
	b, ok := sb.(*ScriptBlock)
	if !ok {
		return NewError("InvalidArgument", "InvalidArgument", sb, "The script block cannot be invoked.")
	}
	c.r.flushOutput()
	iso := c.isolate(false)
	out, err := iso.run(c.ctx, b, input, true, nil)
	if isCancel(err) {
		return err
	}
	if err != nil {
		c.r.fail()
	}
	for _, v := range out {
		if err := c.Write(v); err != nil {
			return err
		}
	}
	return nil
}

// Job is a background job of Start-Job: its script block ran in a session
// of its own, and its output waits for Receive-Job.
type Job struct {
	ID      int
	Name    string
	Command string
	State   string // Completed or Failed
	output  []any
	host    string // what the job wrote to the host, shown by Receive-Job
	errText string // its errors, as they would have been shown
}

// TypeNames gives the job's .NET type.
func (j *Job) TypeNames() []string {
	return []string{"System.Management.Automation.PSRemotingJob", "System.Management.Automation.Job", "System.Object"}
}

// Property exposes the job's Id, Name, State and the rest Get-Job shows.
func (j *Job) Property(name string) (any, bool) {
	switch strings.ToLower(name) {
	case "id":
		return j.ID, true
	case "name":
		return j.Name, true
	case "psjobtypename":
		return "BackgroundJob", true
	case "state":
		return j.State, true
	case "hasmoredata":
		return len(j.output) > 0 || j.host != "" || j.errText != "", true
	case "location":
		return "localhost", true
	case "command":
		return j.Command, true
	case "output":
		return append([]any{}, j.output...), true
	}
	return nil, false
}

// PropertyNames lists the columns Get-Job shows.
func (j *Job) PropertyNames() []string {
	return []string{"Id", "Name", "PSJobTypeName", "State", "HasMoreData", "Location", "Command"}
}

func (j *Job) String() string { return j.Name }

// StartJob runs a script block as a background job in a session of its
// own, with args bound to its parameters and input as $input, and records
// the job in the session. The job has run to its end when StartJob
// returns, so Wait-Job finds it done.
func (c *Call) StartJob(sb value.ScriptBlock, name string, args []any) (*Job, error) {
	b, ok := sb.(*ScriptBlock)
	if !ok {
		return nil, NewError("InvalidArgument", "InvalidArgument", sb, "The script block cannot be invoked.")
	}
	c.r.lastJob++
	j := &Job{ID: c.r.lastJob, Name: name, Command: strings.TrimSpace(b.ScriptText()), State: "Completed"}
	if j.Name == "" {
		j.Name = fmt.Sprintf("Job%d", j.ID)
	}
	iso := c.isolate(true)
	out, err := iso.run(c.ctx, b, nil, false, args)
	if isCancel(err) {
		return nil, err
	}
	if err != nil {
		j.State = "Failed"
	}
	j.output, j.host, j.errText = out, iso.out.String(), iso.errb.String()
	c.r.jobs = append(c.r.jobs, j)
	return j, nil
}

// Jobs returns the session's jobs, oldest first, as a list of their own,
// so removing jobs while going through it is safe.
func (c *Call) Jobs() []*Job { return append([]*Job(nil), c.r.jobs...) }

// ReceiveJob writes what a job output and shows what it wrote to the host
// and its errors; unless keep is set they are then gone from the job.
func (c *Call) ReceiveJob(j *Job, keep bool) error {
	c.r.flushOutput()
	if j.host != "" {
		c.r.host.write(c.r.host.Stdout, strings.TrimSuffix(j.host, "\n"))
	}
	if j.errText != "" {
		c.r.host.write(c.r.host.Stderr, strings.TrimSuffix(j.errText, "\n"))
		c.r.fail()
	}
	out := j.output
	if !keep {
		j.output, j.host, j.errText = nil, "", ""
	}
	for _, v := range out {
		if err := c.Write(v); err != nil {
			return err
		}
	}
	return nil
}

// RemoveJob deletes a job from the session.
func (c *Call) RemoveJob(j *Job) {
	c.r.jobs = slices.DeleteFunc(slices.Clone(c.r.jobs), func(x *Job) bool { return x == j })
}
