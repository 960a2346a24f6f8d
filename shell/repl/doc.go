// Package repl is licsh's interactive shell: the prompt (the user's prompt
// function or `PS licsh:<tenant> [<admin>]> `), line editing with tab
// completion driven by the cmdlet declarations and an injected source of
// tenant values, history kept across sessions (secrets kept out of the
// file) with Get-History and Invoke-History, multi-line statements on `>> `
// lines, pasting whole scripts, the profile script and the welcome line.
// Ctrl-C stops the running statement, not the shell; Ctrl-D or `exit`
// leaves.
//
// It does not run or format anything itself: statements go to an
// interp.Runner, which shows their output and errors. It knows nothing of
// the tenant beyond the Values, Welcome and Location hooks that the command
// line fills in.
package repl
