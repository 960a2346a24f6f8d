package interp

import (
	"fmt"
	"strings"

	"licsh/shell/value"
)

// Unavailable is a module a session knows of and does not have: one that
// needs a service, a computer or a system the session cannot reach. Its
// commands fail as a command that is not there does in pwsh (the same
// error id, category and exception, so scripts' error handling runs as it
// would) with a second line that names the module and says why; importing
// it fails as a module that is not there does, naming it and what to do
// instead. The shell knows no such module of its own: the modules fill
// the table (Registry.AddUnavailable).
type Unavailable struct {
	// Module names the module in its commands' errors:
	// "Microsoft.Online.SharePoint.PowerShell", or
	// "Microsoft.PowerShell.Management on Windows" for the commands a
	// module has on one system only.
	Module string
	// Names are the names Import-Module and #Requires -Modules know the
	// module by, wildcards allowed ("Az.*"); none for a module the session
	// has on other terms, such as Microsoft.PowerShell.Management.
	Names []string
	// Commands are wildcard patterns of its commands' names ("*-SPO*");
	// Except are names the patterns match that are not its commands.
	Commands, Except []string
	// Reason says why the session does not have it, as a sentence.
	Reason string
	// Instead says what to do instead, as a sentence; it may be empty.
	Instead string
}

// hasCommand reports whether name is one of the module's commands.
func (u *Unavailable) hasCommand(name string) bool {
	return likeAny(name, u.Commands) && !likeAny(name, u.Except)
}

// likeAny reports whether s matches one of the wildcard patterns.
func likeAny(s string, patterns []string) bool {
	for _, p := range patterns {
		if value.Like(s, p, false) {
			return true
		}
	}
	return false
}

// explain is the sentence the error of a command of the module ends with.
func (u *Unavailable) explain(command string) string {
	command = unqualified(command)
	return strings.TrimSpace(fmt.Sprintf("%s is a command of the module %s, which licsh does not have: %s %s", command, u.Module, u.Reason, u.Instead))
}

// unqualified is a command's name without its module's
// (ActiveDirectory\Get-ADUser is Get-ADUser).
func unqualified(name string) string {
	return name[strings.LastIndexByte(name, '\\')+1:]
}

// AddUnavailable adds a module the session knows of and does not have.
// The first one added whose patterns match a name is the one its error
// names, so a narrow module goes before a broad one (ADSync's *-ADSync*
// before ActiveDirectory's *-AD*).
func (r *Registry) AddUnavailable(u Unavailable) {
	r.unavailable = append(r.unavailable, &u)
}

// UnavailableCommand returns the module a command name belongs to that the
// session does not have, or nil. A module-qualified name
// (ActiveDirectory\Get-ADUser) is looked up by its command's name.
func (r *Registry) UnavailableCommand(name string) *Unavailable {
	for _, u := range r.unavailable {
		if u.hasCommand(unqualified(name)) {
			return u
		}
	}
	return nil
}

// UnavailableModule returns the module of that name the session does not
// have, or nil.
func (r *Registry) UnavailableModule(name string) *Unavailable {
	for _, u := range r.unavailable {
		if likeAny(name, u.Names) {
			return u
		}
	}
	return nil
}

// CommandNotFound is the error for a name that is no command: pwsh's,
// with a second line naming the module the session does not have when the
// name is one of its commands.
func (r *Registry) CommandNotFound(name string) string {
	msg := fmt.Sprintf("The term '%s' is not recognized as a name of a cmdlet, function, script file, or executable program.\n", name)
	if u := r.UnavailableCommand(name); u != nil {
		return msg + u.explain(name)
	}
	return msg + "Check the spelling of the name, or if a path was included, verify that the path is correct and try again."
}

// unavailableModule is Import-Module's error for a module the session
// does not have: pwsh's error for a module it cannot find, saying why and
// what to do instead.
func unavailableModule(name string, u *Unavailable) *ErrorRecord {
	rec := moduleNotFound(name, ImportOptions{})
	rec.Exception.Message = strings.TrimSpace(fmt.Sprintf("The specified module '%s' was not loaded because licsh does not have it: %s %s", name, u.Reason, u.Instead))
	return rec
}
