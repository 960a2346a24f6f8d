package interp

import (
	"errors"
	"sort"
)

// RunCommand runs another command from inside a cmdlet, as the caller's
// script would: found by name or alias, bound with the named parameters
// given, fed the input objects (none when input is nil). It returns what the
// command outputs. Its non-terminating errors are written as usual (pass
// "ErrorAction" = "Stop" to get them back as the error instead); its
// terminating error is returned as an error of the calling cmdlet, which the
// caller's own -ErrorAction then governs. Under -WhatIf the command runs
// under -WhatIf too, so a Go cmdlet's dry run changes nothing.
func (c *Call) RunCommand(name string, params map[string]any, input []any) ([]any, error) {
	cmd := c.Command(name)
	if cmd == nil {
		return nil, commandNotFound(name)
	}
	// A Go cmdlet running itself runs no script that counts the calls.
	if err := c.r.enter(); err != nil {
		return nil, err
	}
	defer c.r.leave()
	names := make([]string, 0, len(params))
	for k := range params {
		names = append(names, k)
	}
	// Bind in a fixed order, so an error about two parameters always names
	// the same one.
	sort.Strings(names)
	args := make([]argument, 0, len(names)+1)
	for _, k := range names {
		args = append(args, argument{param: k, value: params[k], hasValue: true})
	}
	if _, given := params["WhatIf"]; !given && cmd.SupportsShouldProcess && c.WhatIf() {
		args = append(args, argument{param: "WhatIf", value: true, hasValue: true})
	}
	call, err := c.r.bind(c.ctx, c.scope, cmd, args, nil, c.file, c.at, input != nil)
	if err != nil {
		return nil, err
	}
	var out []any
	call.out = func(v any) error {
		out = append(out, v)
		return nil
	}
	err = c.r.driveCall(call, input)
	var rec *ErrorRecord
	if errors.As(err, &rec) && rec.fatal && !IsControl(err) {
		// -ErrorAction Stop made the inner error end the script; returned
		// to the caller it is the caller's error again.
		again := *rec
		again.fatal = false
		return out, &again
	}
	return out, err
}
