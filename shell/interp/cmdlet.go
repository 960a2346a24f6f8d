package interp

import (
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"

	"licsh/shell/cmdlet"
	"licsh/shell/format"
)

// Module is a module as Get-Module shows it: its name and version, the
// cmdlets it gives the session, the views of the objects they write and the
// .NET types of its own that New-Object makes.
type Module struct {
	Name        string
	Version     string
	Description string
	Cmdlets     []*cmdlet.Cmdlet
	Views       []format.View
	// Types are constructors by full type name ("System." may be left
	// out); they take New-Object's -ArgumentList.
	Types map[string]func(args []any) (any, error)
	// Requires names the modules imported with this one, as importing
	// Microsoft.Graph imports each Microsoft.Graph module.
	Requires []string
	// Type is Get-Module's ModuleType: "Script" or "Manifest" for a module
	// loaded from a file, "" (shown as Binary) for licsh's own.
	Type string
	// Path is the file a script module was loaded from.
	Path string
	// Transports answer the web requests (Invoke-RestMethod,
	// Invoke-WebRequest) to a host in process, by host name, as a
	// module that stands for a service answers that service's address.
	Transports map[string]http.RoundTripper

	script *scriptModule // set for a module loaded from a file
}

// Registry holds the commands a runner can call, found by name or alias,
// case-insensitively, the modules they come from and the views the
// formatter shows their objects with.
type Registry struct {
	byName  map[string]*cmdlet.Cmdlet
	aliases map[string]string // lower-case alias -> cmdlet name
	modules []*Module
	views   *format.Views
	types   map[string]func(args []any) (any, error) // by typeKey
	// loaders add more cmdlets when first needed; see AddLoader.
	loaders []func(*Registry)
	// unavailable are the modules known and not had; see AddUnavailable.
	unavailable []*Unavailable
	// transports are the modules' Transports, by lower-case host name.
	transports map[string]http.RoundTripper
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{byName: map[string]*cmdlet.Cmdlet{}, aliases: map[string]string{}, views: format.NewViews(),
		types: map[string]func([]any) (any, error){}, transports: map[string]http.RoundTripper{}}
}

// AddModule registers a module: each of its cmdlets, as of that module,
// and its views. It stops at the first cmdlet Add refuses.
func (r *Registry) AddModule(m *Module) error {
	if r.Module(m.Name) != nil {
		return fmt.Errorf("module %s is already registered", m.Name)
	}
	r.modules = append(r.modules, &Module{Name: m.Name, Version: m.Version, Description: m.Description, Views: m.Views, Requires: m.Requires})
	for _, v := range m.Views {
		r.views.Add(v)
	}
	for name, ctor := range m.Types {
		r.types[typeKey(name)] = ctor
	}
	for host, t := range m.Transports {
		if r.transports[strings.ToLower(host)] != nil {
			return fmt.Errorf("module %s answers %s, which another module answers", m.Name, host)
		}
		r.transports[strings.ToLower(host)] = t
	}
	for _, c := range m.Cmdlets {
		if c.Module == "" {
			c.Module = m.Name
		}
		if !strings.EqualFold(c.Module, m.Name) {
			return fmt.Errorf("%s declares module %s but is registered with %s", c.Name, c.Module, m.Name)
		}
		if err := r.Add(c); err != nil {
			return err
		}
	}
	return nil
}

// Add registers a cmdlet and its aliases. It refuses a declaration that
// fails cmdlet.Check and a name or alias that is already a command's, so
// nothing can replace a command by registering it again.
func (r *Registry) Add(c *cmdlet.Cmdlet) error {
	if err := c.Check(); err != nil {
		return err
	}
	for _, n := range append([]string{c.Name}, c.Aliases...) {
		if other := r.find(n); other != nil {
			return &NameTakenError{Name: n, Command: other}
		}
	}
	if c.Module != "" {
		m := r.Module(c.Module)
		if m == nil {
			m = &Module{Name: c.Module}
			r.modules = append(r.modules, m)
		}
		m.Cmdlets = append(m.Cmdlets, c)
	}
	r.byName[strings.ToLower(c.Name)] = c
	for _, a := range c.Aliases {
		r.aliases[strings.ToLower(a)] = c.Name
	}
	return nil
}

// NameTakenError is Add's refusal of a name or alias a command already has.
type NameTakenError struct {
	Name    string
	Command *cmdlet.Cmdlet // the command that has it
}

func (e *NameTakenError) Error() string {
	by := "a built-in command"
	if e.Command.Source != "" {
		by = e.Command.Source
	}
	return fmt.Sprintf("%s is already the name of %s %s", e.Name, by, e.Command.Name)
}

// AddLoader registers a function that adds more cmdlets to the registry.
// It runs once, the first time a name is not found or the whole list is
// asked for, so a session that only calls cmdlets already registered never
// pays for it (Go cmdlet files are found this way).
func (r *Registry) AddLoader(load func(*Registry)) {
	r.loaders = append(r.loaders, load)
}

// load runs the pending loaders; it reports whether there were any.
func (r *Registry) load() bool {
	ran := len(r.loaders) > 0
	for len(r.loaders) > 0 {
		next := r.loaders[0]
		r.loaders = r.loaders[1:]
		next(r)
	}
	return ran
}

// find looks a name or alias up among the commands registered so far.
func (r *Registry) find(name string) *cmdlet.Cmdlet {
	key := strings.ToLower(name)
	if c, ok := r.byName[key]; ok {
		return c
	}
	if target, ok := r.aliases[key]; ok {
		return r.byName[strings.ToLower(target)]
	}
	return nil
}

// Lookup finds a cmdlet by name or alias, running the loaders when it is
// not registered yet.
func (r *Registry) Lookup(name string) *cmdlet.Cmdlet {
	if c := r.find(name); c != nil {
		return c
	}
	if r.load() {
		return r.Lookup(name)
	}
	return nil
}

// Cmdlets returns every cmdlet, sorted by name.
func (r *Registry) Cmdlets() []*cmdlet.Cmdlet {
	r.load()
	out := make([]*cmdlet.Cmdlet, 0, len(r.byName))
	for _, c := range r.byName {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Aliases returns the alias table: lower-case alias to cmdlet name.
func (r *Registry) Aliases() map[string]string {
	r.load()
	return r.aliases
}

// Modules returns the modules of the registered commands, in the order
// they were registered, each with its registered cmdlets.
func (r *Registry) Modules() []*Module {
	r.load()
	return r.modules
}

// Module returns the registered module of that name, or nil.
func (r *Registry) Module(name string) *Module {
	for _, m := range r.modules {
		if strings.EqualFold(m.Name, name) {
			return m
		}
	}
	return nil
}

// Views returns the views the formatter shows the modules' objects with.
func (r *Registry) Views() *format.Views { return r.views }

// Transport returns what answers web requests to a host in process, or
// nil for a host the network answers.
func (r *Registry) Transport(host string) http.RoundTripper {
	return r.transports[strings.ToLower(host)]
}

// Constructor returns the modules' constructor of a type, or nil.
func (r *Registry) Constructor(typeName string) func(args []any) (any, error) {
	return r.types[typeKey(typeName)]
}

// typeKey is a type name as types are looked up: lower case, without the
// System. prefix.
func typeKey(name string) string {
	return strings.TrimPrefix(strings.ToLower(strings.TrimSpace(name)), "system.")
}

// internal adapts a function of the interpreter's own Call to a
// declaration's.
func internal(fn func(*Call) error) func(cmdlet.Call) error {
	return func(c cmdlet.Call) error { return fn(c.(*Call)) }
}

// Grouped returns mods with each of cmds added to the module its
// declaration names, for a package that has the cmdlets of several modules.
// A cmdlet naming none of them is a defect of declarations fixed when licsh
// is built: Grouped panics, and registering the modules in any test finds
// it.
func Grouped(mods []*Module, cmds []*cmdlet.Cmdlet) []*Module {
	for _, c := range cmds {
		i := slices.IndexFunc(mods, func(m *Module) bool { return strings.EqualFold(m.Name, c.Module) })
		if i < 0 {
			panic(fmt.Sprintf("%s declares module %q, which its package does not register", c.Name, c.Module))
		}
		mods[i].Cmdlets = append(mods[i].Cmdlets, c)
	}
	return mods
}
