//go:build linux

package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"syscall"
)

// nobody is the user and group the scripts' unprivileged commands run as
// when the tests run as root.
const nobody = 65534

// unprivileged runs the licsh command line after it as a user whom file
// modes stop, as they stop users: `exec unprivileged licsh -Command ...`.
// Run by a user who is not root it is that user; run by root, whom no mode
// stops, it runs licsh again as nobody. Nobody cannot enter the folders
// above the script's, so its paths must be relative to the script's
// folder ($WORK), which must let others in (chmod 0755 $WORK).
func unprivileged() {
	args := os.Args[1:]
	if len(args) == 0 || args[0] != "licsh" {
		fmt.Fprintln(os.Stderr, "usage: unprivileged licsh [args...]")
		os.Exit(2)
	}
	if os.Geteuid() != 0 {
		os.Args = args
		main()
		return
	}
	// /proc/self/exe reaches the test binary whatever the folders above
	// it allow; the command is chosen by the name it is run under.
	cmd := exec.Command("/proc/self/exe", args[1:]...)
	cmd.Args[0] = args[0]
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		os.Exit(exit.ExitCode())
	case err != nil:
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Exit(0)
}
