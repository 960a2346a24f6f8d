package core

import (
	"fmt"
	"strings"

	"licsh/shell/interp"
)

// CommandID is the FullyQualifiedErrorId PowerShell gives an error raised by
// a built-in cmdlet: the error's own id and the cmdlet's .NET class.
func CommandID(id, cmdlet string) string {
	return id + ",Microsoft.PowerShell.Commands." + strings.ReplaceAll(cmdlet, "-", "") + "Command"
}

// PathNotFound is the provider's error for a path that does not exist.
func PathNotFound(cmdlet, path string) *interp.ErrorRecord {
	rec := interp.NewError(CommandID("PathNotFound", cmdlet), "ObjectNotFound", path,
		fmt.Sprintf("Cannot find path '%s' because it does not exist.", path))
	rec.Exception.Type = "System.Management.Automation.ItemNotFoundException"
	return rec
}

// fileNotFound is .NET's FileNotFoundException, which Import-Csv reports
// for a missing file.
func fileNotFound(cmdlet, path string) *interp.ErrorRecord {
	rec := interp.NewError(CommandID("FileOpenFailure", cmdlet), "OpenError", path,
		fmt.Sprintf("Could not find file '%s'.", path))
	rec.Exception.Type = "System.IO.FileNotFoundException"
	return rec
}

// IOError reports any other failure to read or write a file.
func IOError(cmdlet, path string, err error) *interp.ErrorRecord {
	return interp.NewError(CommandID("System.IO.IOException", cmdlet), "WriteError", path, err.Error())
}

// memberPresentError is raised when an object would get the same property
// twice, as a CSV header naming a column twice does.
func memberPresentError(name string) *interp.ErrorRecord {
	rec := interp.NewError("AlreadyPresentPSMemberInfoInternalCollectionAdd", "NotSpecified", nil,
		fmt.Sprintf("The member \"%s\" is already present.", name))
	rec.Exception.Type = "System.Management.Automation.ExtendedTypeSystemException"
	return rec
}

// argumentError is a parameter value the cmdlet cannot use.
func argumentError(cmdlet, id, msg string, target any) *interp.ErrorRecord {
	rec := interp.NewError(CommandID(id, cmdlet), "InvalidArgument", target, msg)
	rec.Exception.Type = "System.ArgumentException"
	return rec
}
