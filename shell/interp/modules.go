package interp

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"licsh/shell/cmdlet"
	"licsh/shell/syntax"
	"licsh/shell/value"
)

// PSVersion is the PowerShell version licsh behaves as: $PSVersionTable
// shows it and #requires -Version is checked against it.
const PSVersion = "7.4.0"

// shippedModules are the modules pwsh 7 ships that licsh has no commands
// of: importing them succeeds and does nothing, so scripts written for
// pwsh run on.
var shippedModules = map[string]bool{
	"microsoft.powershell.archive": true, "microsoft.powershell.diagnostics": true,
	"microsoft.powershell.security": true, "microsoft.powershell.psresourceget": true,
	"packagemanagement": true, "psreadline": true, "threadjob": true, "cimcmdlets": true,
}

// ImportOptions are Import-Module's parameters that change what is
// imported.
type ImportOptions struct {
	// Force reloads a script module that is already imported.
	Force bool
	// RequiredVersion, MinimumVersion and MaximumVersion limit the
	// versions accepted.
	RequiredVersion, MinimumVersion, MaximumVersion string
	// Prefix goes before the noun of each function a script module exports.
	Prefix string
}

// scriptModule is what a module loaded from a .psm1 or .psd1 file keeps:
// the scope its functions run in and what Export-ModuleMember named.
type scriptModule struct {
	scope *scope
	// exports are Export-ModuleMember's -Function patterns; exported
	// reports that it was called, so only those are exported.
	exports  []string
	exported bool
	// vars are the variables Export-ModuleMember -Variable exported.
	vars []string
	// functions are the functions the module put in the session.
	functions []*cmdlet.Cmdlet
}

// isImported reports whether the session imported the module.
func (r *Runner) isImported(m *Module) bool { return slices.Contains(r.imported, m) }

// noteCommand imports the module of a command that is about to run, as
// PowerShell's module autoloading does.
func (r *Runner) noteCommand(cmd *cmdlet.Cmdlet) {
	if cmd.Module == "" || cmd.Source != "" {
		return
	}
	if len(r.imported) > 0 && strings.EqualFold(r.imported[len(r.imported)-1].Name, cmd.Module) {
		return
	}
	if m := r.reg.Module(cmd.Module); m != nil && !r.isImported(m) {
		r.importRegistered(m)
	}
}

// Module finds a module by name: one the session imported (script modules
// included), else one of the registry's.
func (r *Runner) Module(name string) *Module {
	for i := len(r.imported) - 1; i >= 0; i-- {
		if strings.EqualFold(r.imported[i].Name, name) {
			return r.imported[i]
		}
	}
	return r.reg.Module(name)
}

// ImportedModules returns the modules the session imported, explicitly or
// by running one of their commands, in the order they came.
func (r *Runner) ImportedModules() []*Module { return r.imported }

// ImportModule imports a module by name or by path, as Import-Module does:
// one of licsh's modules, a module pwsh ships, or a .psm1/.psd1 file given
// by path or found by name next to the script, in the current folder or in
// $env:PSModulePath. What a script module's body outputs goes to emit. It
// returns the modules imported.
func (c *Call) ImportModule(name string, opt ImportOptions, emit func(any) error) ([]*Module, error) {
	return c.r.importModule(c.ctx, c.scope, name, opt, emit)
}

func (r *Runner) importModule(ctx context.Context, sc *scope, name string, opt ImportOptions, emit func(any) error) ([]*Module, error) {
	if isModulePath(name) {
		path := r.resolvePath(name)
		if st, err := os.Stat(path); err == nil && st.IsDir() {
			path = moduleFileIn(path, filepath.Base(path))
		}
		if path == "" || !fileExists(path) {
			return nil, moduleNotFound(name, opt)
		}
		return r.loadModuleFile(ctx, path, opt, emit)
	}
	if m := r.reg.Module(name); m != nil {
		if !versionFits(m.Version, opt) {
			return nil, moduleNotFound(name, opt)
		}
		return r.importRegistered(m), nil
	}
	if path := r.findModuleFile(sc, name); path != "" {
		return r.loadModuleFile(ctx, path, opt, emit)
	}
	if shippedModules[strings.ToLower(name)] {
		return nil, nil
	}
	return nil, moduleNotFound(name, opt)
}

// importRegistered imports a module of the registry and the modules it
// requires.
func (r *Runner) importRegistered(m *Module) []*Module {
	var out []*Module
	for _, req := range m.Requires {
		if dep := r.reg.Module(req); dep != nil && !slices.Contains(out, dep) {
			out = append(out, r.importRegistered(dep)...)
		}
	}
	if !r.isImported(m) {
		r.imported = append(r.imported, m)
	}
	return append(out, m)
}

// moduleNotFound is Import-Module's error for a module it cannot find.
func moduleNotFound(name string, opt ImportOptions) *ErrorRecord {
	ver := opt.RequiredVersion
	if ver == "" {
		ver = opt.MinimumVersion
	}
	msg := fmt.Sprintf("The specified module '%s' was not loaded because no valid module file was found in any module directory.", name)
	if ver != "" {
		msg = fmt.Sprintf("The specified module '%s' with version '%s' was not loaded because no valid module file was found in any module directory.", name, ver)
	}
	rec := NewError("Modules_ModuleNotFound", "ResourceUnavailable", name, msg)
	rec.Exception.Type = "System.IO.FileNotFoundException"
	return rec
}

// versionFits reports whether a module's version meets Import-Module's
// version parameters.
func versionFits(version string, opt ImportOptions) bool {
	have, ok := value.ParseVersion(version)
	if !ok {
		have = value.Version{Build: -1, Revision: -1}
	}
	check := func(want string, fits func(int) bool) bool {
		if want == "" {
			return true
		}
		w, ok := value.ParseVersion(want)
		return ok && fits(compareLoose(have, w))
	}
	return check(opt.RequiredVersion, func(c int) bool { return c == 0 }) &&
		check(opt.MinimumVersion, func(c int) bool { return c >= 0 }) &&
		check(opt.MaximumVersion, func(c int) bool { return c <= 0 })
}

// compareLoose compares versions on the parts the wanted one gives, so
// that 2.0 matches a module of version 2.0.0.
func compareLoose(have, want value.Version) int {
	if want.Build < 0 {
		have.Build, have.Revision = -1, -1
	} else if want.Revision < 0 {
		have.Revision = -1
	}
	return value.CompareVersions(have, want)
}

// isModulePath reports whether Import-Module's name is a path rather than
// a module name.
func isModulePath(name string) bool {
	l := strings.ToLower(name)
	return strings.ContainsAny(name, `/\`) || strings.HasSuffix(l, ".psm1") || strings.HasSuffix(l, ".psd1") ||
		strings.HasSuffix(l, ".ps1") || strings.HasPrefix(name, "~")
}

func fileExists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && !st.IsDir()
}

// moduleFileIn finds a module's file in a folder: name.psd1, then
// name.psm1, also one version folder down (Name/1.2.0/Name.psd1).
func moduleFileIn(dir, name string) string {
	for _, ext := range []string{".psd1", ".psm1"} {
		if p := filepath.Join(dir, name+ext); fileExists(p) {
			return p
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	for i := len(entries) - 1; i >= 0; i-- {
		if e := entries[i]; e.IsDir() {
			if _, ok := value.ParseVersion(e.Name()); ok {
				if p := moduleFileIn(filepath.Join(dir, e.Name()), name); p != "" {
					return p
				}
			}
		}
	}
	return ""
}

// findModuleFile looks for a module by name: next to the running script,
// in the current folder, then in the folders of $env:PSModulePath; in
// each, as a file or as a folder of that name.
func (r *Runner) findModuleFile(sc *scope, name string) string {
	var dirs []string
	if root, ok := sc.valueOf("PSScriptRoot").(string); ok && root != "" {
		dirs = append(dirs, root)
	}
	dirs = append(dirs, r.dir)
	dirs = append(dirs, filepath.SplitList(os.Getenv("PSModulePath"))...)
	for _, d := range dirs {
		if d == "" {
			continue
		}
		if p := moduleFileIn(d, name); p != "" {
			return p
		}
		if p := moduleFileIn(filepath.Join(d, name), name); p != "" {
			return p
		}
	}
	return ""
}

// loadModuleFile imports a script module or a manifest from its file.
// Without Force a file already imported is not loaded again.
func (r *Runner) loadModuleFile(ctx context.Context, path string, opt ImportOptions, emit func(any) error) ([]*Module, error) {
	for _, m := range r.imported {
		if m.Path == path {
			if !opt.Force {
				return []*Module{m}, nil
			}
			r.removeModule(m)
			break
		}
	}
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	var (
		m   *Module
		err error
	)
	if strings.EqualFold(filepath.Ext(path), ".psd1") {
		m, err = r.loadManifest(ctx, path, name, opt, emit)
	} else {
		m, err = r.loadScriptModule(ctx, path, name, emit)
	}
	if err != nil {
		return nil, err
	}
	if !versionFits(m.Version, opt) {
		return nil, moduleNotFound(name, opt)
	}
	r.publish(m, opt.Prefix)
	return []*Module{m}, nil
}

// loadScriptModule runs a .psm1 file in a module scope of its own and
// works out what it exports. A file that does not parse loads nothing.
func (r *Runner) loadScriptModule(ctx context.Context, path, name string, emit func(any) error) (*Module, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, NewError("Modules_ModuleFileNotFound", "ResourceUnavailable", path, err.Error())
	}
	f, err := syntax.Parse(path, string(src))
	if err != nil {
		rec := asRecord(err)
		rec.file = &syntax.File{Name: path, Src: string(src)}
		return nil, rec
	}
	m := &Module{Name: name, Version: "0.0", Type: "Script", Path: path}
	sm := &scriptModule{scope: newScope(r.global)}
	sm.scope.script = sm.scope
	sm.scope.module = m
	sm.scope.setLocal("PSScriptRoot", filepath.Dir(path))
	sm.scope.setLocal("PSCommandPath", path)
	m.script = sm
	if err := r.checkRequires(ctx, f, filepath.Base(path)); err != nil {
		return nil, err
	}
	if err := r.runScriptBody(ctx, sm.scope, &ScriptBlock{Body: f.Body, File: f}, emit); err != nil {
		return nil, err
	}
	for _, fn := range sm.scope.functions {
		if !sm.exported || matchesAnyPattern(fn.Name, sm.exports) {
			sm.functions = append(sm.functions, fn)
		}
	}
	sort.Slice(sm.functions, func(i, j int) bool { return sm.functions[i].Name < sm.functions[j].Name })
	m.Cmdlets = sm.functions
	return m, nil
}

// loadManifest reads a .psd1 manifest: it imports RequiredModules, loads
// RootModule and NestedModules, and exports FunctionsToExport of their
// functions.
func (r *Runner) loadManifest(ctx context.Context, path, name string, opt ImportOptions, emit func(any) error) (*Module, error) {
	h, err := r.readManifest(ctx, path)
	if err != nil {
		return nil, err
	}
	get := func(key string) any {
		v, _ := h.Get(key)
		return v
	}
	m := &Module{Name: name, Version: value.ToString(get("ModuleVersion")), Type: "Manifest", Path: path,
		Description: value.ToString(get("Description"))}
	if m.Version == "" {
		m.Version = "0.0"
	}
	dir := filepath.Dir(path)
	for _, req := range enumerateOrOne(get("RequiredModules")) {
		spec := req
		if t, ok := req.(*value.Hashtable); ok {
			spec, _ = t.Get("ModuleName")
		}
		if spec == nil {
			continue
		}
		if _, err := r.importModule(ctx, r.global, value.ToString(spec), ImportOptions{}, emit); err != nil {
			return nil, err
		}
	}
	root := get("RootModule")
	if root == nil {
		root = get("ModuleToProcess")
	}
	parts := enumerateOrOne(get("NestedModules"))
	if root != nil {
		parts = append([]any{root}, parts...)
	}
	sm := &scriptModule{}
	for i, p := range parts {
		if p == nil || value.ToString(p) == "" {
			continue
		}
		file := filepath.Join(dir, strings.ReplaceAll(value.ToString(p), `\`, "/"))
		if filepath.Ext(file) == "" {
			file += ".psm1"
		}
		partName := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
		if i == 0 && root != nil {
			partName = name
		}
		part, err := r.loadScriptModule(ctx, file, partName, emit)
		if err != nil {
			return nil, err
		}
		if i == 0 && root != nil {
			m.Type = "Script"
			sm.scope = part.script.scope
		}
		sm.functions = append(sm.functions, part.Cmdlets...)
		sm.vars = append(sm.vars, part.script.vars...)
	}
	if want := get("FunctionsToExport"); want != nil {
		var patterns []string
		for _, p := range enumerateOrOne(want) {
			patterns = append(patterns, value.ToString(p))
		}
		sm.functions = slices.DeleteFunc(sm.functions, func(f *cmdlet.Cmdlet) bool { return !matchesAnyPattern(f.Name, patterns) })
	}
	for _, f := range sm.functions {
		f.Module = name
	}
	m.script = sm
	m.Cmdlets = sm.functions
	return m, nil
}

// readManifest evaluates a .psd1 file, which must be one hashtable.
func (r *Runner) readManifest(ctx context.Context, path string) (*value.Hashtable, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, NewError("Modules_ModuleFileNotFound", "ResourceUnavailable", path, err.Error())
	}
	f, err := syntax.Parse(path, string(src))
	if err != nil {
		rec := asRecord(err)
		rec.file = &syntax.File{Name: path, Src: string(src)}
		return nil, rec
	}
	invalid := NewError("Modules_InvalidManifest", "ResourceUnavailable", path,
		fmt.Sprintf("The module manifest '%s' could not be processed because it is not a valid PowerShell module manifest file. Remove the elements that are not permitted: %s", path, path))
	if len(f.Body.End) != 1 {
		return nil, invalid
	}
	x := loneExpr(f.Body.End[0])
	if _, ok := x.(*syntax.HashtableExpr); !ok {
		return nil, invalid
	}
	v, err := r.eval(ctx, newScope(r.global), f, x)
	if err != nil {
		return nil, err
	}
	return v.(*value.Hashtable), nil
}

// publish puts a script module's exported functions and variables in the
// session and records the module as imported.
func (r *Runner) publish(m *Module, prefix string) {
	sm := m.script
	for i, f := range sm.functions {
		if prefix != "" {
			c := *f
			verb, noun, found := strings.Cut(f.Name, "-")
			if found {
				c.Name = verb + "-" + prefix + noun
			} else {
				c.Name = prefix + f.Name
			}
			sm.functions[i] = &c
			f = &c
		}
		r.global.defineFunction(f)
	}
	m.Cmdlets = sm.functions
	if sm.scope != nil {
		for _, v := range sm.vars {
			if vr := sm.scope.own(strings.ToLower(v)); vr != nil {
				r.global.put(strings.ToLower(v), vr)
			}
		}
	}
	r.imported = append(r.imported, m)
}

// RemoveModule removes a module from the session, as Remove-Module does:
// a script module's functions go; one of licsh's modules is only no longer
// listed as imported, since running one of its commands imports it again.
func (c *Call) RemoveModule(m *Module) { c.r.removeModule(m) }

func (r *Runner) removeModule(m *Module) {
	r.imported = slices.DeleteFunc(r.imported, func(x *Module) bool { return x == m })
	if m.script == nil {
		return
	}
	for _, f := range m.script.functions {
		key := strings.ToLower(f.Name)
		if r.global.functions[key] == f {
			delete(r.global.functions, key)
		}
	}
	for _, v := range m.script.vars {
		key := strings.ToLower(v)
		if m.script.scope != nil && r.global.own(key) == m.script.scope.own(key) {
			r.global.put(key, nil)
		}
	}
}

// ExportModuleMember records what the module being loaded exports, as
// Export-ModuleMember does; outside a module it is an error.
func (c *Call) ExportModuleMember(functions, variables []string) error {
	m := c.scope.moduleOf()
	if m == nil || m.script == nil {
		rec := NewError("Modules_CanOnlyExecuteExportModuleMemberInsideAModule", "PermissionDenied", nil,
			"The Export-ModuleMember cmdlet can only be called from inside a module.")
		rec.Exception.Type = "System.InvalidOperationException"
		return rec
	}
	m.script.exported = true
	m.script.exports = append(m.script.exports, functions...)
	m.script.vars = append(m.script.vars, variables...)
	return nil
}

// matchesAnyPattern reports whether name matches one of the wildcard
// patterns, case-insensitively.
func matchesAnyPattern(name string, patterns []string) bool {
	for _, p := range patterns {
		if value.Like(name, p, false) {
			return true
		}
	}
	return false
}

// moduleOf returns the script module whose scope this is or is inside.
func (s *scope) moduleOf() *Module {
	for sc := s; sc != nil; sc = sc.parent {
		if sc.module != nil {
			return sc.module
		}
	}
	return nil
}

// checkRequires checks a script's #requires statements before it runs:
// the PowerShell version and edition, and the modules, which are imported.
// script names the script in the errors.
func (r *Runner) checkRequires(ctx context.Context, f *syntax.File, script string) error {
	var missing []string
	for _, req := range f.Requires {
		if req.Version != "" {
			want, ok := value.ParseVersion(req.Version)
			have, _ := value.ParseVersion(PSVersion)
			if ok && compareLoose(have, want) < 0 {
				return requiresError(script, "ScriptRequiresUnmatchedPSVersion",
					fmt.Sprintf("The script '%s' cannot be run because it contained a \"#requires\" statement for PowerShell %s. The version of PowerShell that is required by the script does not match the currently running version of PowerShell %s.",
						script, want, PSVersion))
			}
		}
		if req.PSEdition != "" && !strings.EqualFold(req.PSEdition, "Core") {
			return requiresError(script, "ScriptRequiresUnmatchedPSEdition",
				fmt.Sprintf("The script '%s' cannot be run because it contained a \"#requires\" statement for PowerShell editions '%s'. The edition of PowerShell that is required by the script does not match the currently running PowerShell Core edition.",
					script, req.PSEdition))
		}
		for _, mod := range req.Modules {
			opt := ImportOptions{RequiredVersion: mod.RequiredVersion, MinimumVersion: mod.MinimumVersion, MaximumVersion: mod.MaximumVersion}
			if _, err := r.importModule(ctx, r.global, mod.Name, opt, discard); err != nil {
				missing = append(missing, mod.Name)
			}
		}
	}
	if len(missing) > 0 {
		return requiresError(script, "ScriptRequiresMissingModules",
			fmt.Sprintf("The script '%s' cannot be run because the following modules that are specified by the \"#requires\" statements of the script are missing: %s.",
				script, strings.Join(missing, ", ")))
	}
	return nil
}

func requiresError(script, id, msg string) *ErrorRecord {
	rec := NewError(id, "ResourceUnavailable", script, msg)
	rec.Exception.Type = "System.Management.Automation.ScriptRequiresException"
	rec.Command = script
	rec.plainID = true
	rec.fatal = true
	return rec
}
