package interp

import (
	"strconv"
	"strings"

	"github.com/google/uuid"

	"licsh/shell/value"
)

// dotnetObject is a .NET object of the host that shows as its ToString
// (a type name, a version) and has properties scripts read.
type dotnetObject struct {
	names []string
	text  string
	props *value.Object
}

func (o *dotnetObject) String() string          { return o.text }
func (o *dotnetObject) TypeNames() []string     { return o.names }
func (o *dotnetObject) PropertyNames() []string { return o.props.Names() }

func (o *dotnetObject) Property(name string) (any, bool) { return o.props.Get(name) }

// hostInfo is $Host, which Get-Host returns: pwsh's console host. Scripts
// read its Name and Version and set $Host.UI.RawUI.WindowTitle, which
// licsh accepts and keeps.
func hostInfo(psVersion string) *value.Object {
	raw := value.NewObject("System.Management.Automation.Internal.Host.InternalHostRawUserInterface")
	raw.Set("ForegroundColor", "Gray")
	raw.Set("BackgroundColor", "Black")
	raw.Set("WindowTitle", "licsh")
	raw.Set("KeyAvailable", false)
	ui := &dotnetObject{names: []string{"System.Management.Automation.Internal.Host.InternalHostUserInterface", "System.Object"},
		text: "System.Management.Automation.Internal.Host.InternalHostUserInterface", props: value.NewObject()}
	ui.props.Set("RawUI", raw)
	ui.props.Set("SupportsVirtualTerminal", true)
	ver := &dotnetObject{names: []string{"System.Version", "System.Object"}, text: psVersion, props: value.NewObject()}
	for i, part := range []string{"Major", "Minor", "Build", "Revision"} {
		n := -1
		if fields := strings.Split(psVersion, "."); i < len(fields) {
			n, _ = strconv.Atoi(fields[i])
		}
		ver.props.Set(part, n)
	}
	h := value.NewObject("System.Management.Automation.Internal.Host.InternalHost", "System.Management.Automation.Host.PSHost", "System.Object")
	h.Set("Name", "ConsoleHost")
	h.Set("Version", ver)
	h.Set("InstanceId", uuid.New())
	h.Set("UI", ui)
	h.Set("CurrentCulture", "en-US")
	h.Set("CurrentUICulture", "en-US")
	h.Set("PrivateData", "Microsoft.PowerShell.ConsoleHost+ConsoleColorProxy")
	h.Set("DebuggerEnabled", true)
	h.Set("IsRunspacePushed", false)
	h.Set("Runspace", "System.Management.Automation.Runspaces.LocalRunspace")
	return h
}
