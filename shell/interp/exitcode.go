package interp

// ExitWith ends the running script as `exit code` does: $LASTEXITCODE is
// set and, under -File or -Command, the process exits with code. A cmdlet
// returns it when its failure must reach a scheduler, as
// Invoke-LicenseBatch -FailOnError does with failed rows.
func (c *Call) ExitWith(code int) error {
	c.r.global.setLocal("LASTEXITCODE", code)
	return &exitFlow{code: code}
}
