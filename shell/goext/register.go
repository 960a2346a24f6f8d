package goext

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"licsh/shell/cmdlet"
	"licsh/shell/interp"
)

// Dir is a folder of Go cmdlet files.
type Dir struct {
	FS fs.FS
	// Name is how the folder is shown in Get-Command's Source and in
	// errors: "scripts/cmdlets" for the shipped folder, else its path.
	Name string
	// Path is the folder on disk, "" for one inside licsh. A Go cmdlet is
	// trusted code that runs with the user's rights, so a folder on disk
	// (and each file in it) that another user could write to is refused,
	// as ssh refuses a configuration others may change.
	Path string
}

// UserDirs returns the user's folders of Go cmdlets: each folder of
// $LICSH_CMDLETS (a path list), else $XDG_CONFIG_HOME/licsh/cmdlets
// (~/.config/licsh/cmdlets).
func UserDirs() []Dir {
	var paths []string
	if list := os.Getenv("LICSH_CMDLETS"); list != "" {
		paths = filepath.SplitList(list)
	} else {
		cfg := os.Getenv("XDG_CONFIG_HOME")
		if cfg == "" {
			home, err := os.UserHomeDir()
			if err != nil {
				return nil
			}
			cfg = filepath.Join(home, ".config")
		}
		paths = []string{filepath.Join(cfg, "licsh", "cmdlets")}
	}
	var dirs []Dir
	for _, d := range paths {
		if d != "" { // "a::b" names two folders, not the current one
			dirs = append(dirs, Dir{FS: os.DirFS(d), Name: d, Path: d})
		}
	}
	return dirs
}

// othersMayWrite says why another user could change path, or "" when only
// its owner (the user running licsh, or root) can.
func othersMayWrite(path string) string {
	info, err := os.Stat(path)
	if err != nil {
		return ""
	}
	if info.Mode().Perm()&0o022 != 0 {
		return fmt.Sprintf("%s is writable by other users (mode %04o); make it yours alone: chmod go-w %s", path, info.Mode().Perm(), path)
	}
	if uid, ok := ownerOf(info); ok && uid != os.Getuid() && uid != 0 {
		return fmt.Sprintf("%s belongs to another user (uid %d); licsh loads only Go cmdlets of yours", path, uid)
	}
	return ""
}

// Register adds the cmdlets of every .go file in dirs to reg, without
// interpreting them: each becomes a stub whose first call interprets its
// file. It returns the problems found, each naming the file and line: a file
// that does not parse or declares no cmdlet, a cmdlet whose name or alias is
// already taken. Every other cmdlet is still registered. A folder that does
// not exist is no problem.
func (e *Engine) Register(reg *interp.Registry, dirs ...Dir) []error {
	var errs []error
	for _, d := range dirs {
		entries, err := fs.ReadDir(d.FS, ".")
		if err != nil {
			if !os.IsNotExist(err) {
				errs = append(errs, err)
			}
			continue
		}
		if d.Path != "" {
			if why := othersMayWrite(d.Path); why != "" {
				errs = append(errs, fmt.Errorf("licsh does not load the Go cmdlets of %s: %s", d.Path, why))
				continue
			}
		}
		for _, ent := range entries {
			name := ent.Name()
			if ent.IsDir() || !isCmdletFile(name) {
				continue
			}
			if d.Path != "" {
				if why := othersMayWrite(filepath.Join(d.Path, name)); why != "" {
					errs = append(errs, fmt.Errorf("licsh does not load %s: %s", filepath.Join(d.Path, name), why))
					continue
				}
			}
			errs = append(errs, e.registerFile(reg, d, name)...)
		}
	}
	return errs
}

func isCmdletFile(name string) bool {
	return strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") &&
		!strings.HasPrefix(name, ".") && !strings.HasPrefix(name, "_")
}

func (e *Engine) registerFile(reg *interp.Registry, d Dir, name string) []error {
	display := name
	if d.Name != "" {
		display = path.Join(filepath.ToSlash(d.Name), name)
		if filepath.IsAbs(d.Name) {
			display = filepath.Join(d.Name, name)
		}
	}
	src, err := fs.ReadFile(d.FS, name)
	if err != nil {
		return []error{err}
	}
	decls, err := readDecls(display, src)
	if err != nil {
		return []error{err}
	}
	f := &goFile{e: e, name: display, src: src}
	var errs []error
	for _, dc := range decls {
		stub := dc.cmd
		stub.Source = display
		stub.Begin = f.trampoline(stub, func(c *cmdlet.Cmdlet) func(cmdlet.Call) error { return c.Begin })
		stub.Process = f.trampoline(stub, func(c *cmdlet.Cmdlet) func(cmdlet.Call) error { return c.Process })
		stub.End = f.trampoline(stub, func(c *cmdlet.Cmdlet) func(cmdlet.Call) error { return c.End })
		if err := reg.Add(stub); err != nil {
			errs = append(errs, &Error{Pos: dc.pos, Msg: err.Error() + "; the cmdlet is not loaded"})
			continue
		}
		f.stubs = append(f.stubs, stub)
	}
	return errs
}

// goFile is a cmdlet file registered as stubs, interpreted on first call.
type goFile struct {
	e      *Engine
	name   string
	src    []byte
	stubs  []*cmdlet.Cmdlet
	loaded bool
	err    error
}

// trampoline is a stub's Begin, Process or End: it interprets the file,
// which swaps every stub of the file for its real declaration, then runs
// the real function that pick selects.
func (f *goFile) trampoline(stub *cmdlet.Cmdlet, pick func(*cmdlet.Cmdlet) func(cmdlet.Call) error) func(cmdlet.Call) error {
	return func(c cmdlet.Call) error {
		if err := f.load(interp.Inner(c).Runner()); err != nil {
			return err
		}
		if fn := pick(stub); fn != nil {
			return fn(c)
		}
		return nil
	}
}

// load interprets the file once and swaps its stubs for the declarations
// it makes. A file that fails keeps failing with the same error.
func (f *goFile) load(r *interp.Runner) error {
	f.e.gate.enter(r)
	defer f.e.gate.leave()
	if f.loaded {
		return f.err
	}
	f.loaded = true
	real, err := f.e.loadCmdlets(f.name, f.src)
	if err != nil {
		f.err = interp.NewError("GoCmdletLoad", "InvalidData", f.name, err.Error())
		return f.err
	}
	for _, stub := range f.stubs {
		rc := real[strings.ToLower(stub.Name)]
		if rc == nil {
			f.err = interp.NewError("GoCmdletLoad", "InvalidData", f.name, fmt.Sprintf("%s: %s no longer declares %s", f.name, declVar, stub.Name))
			return f.err
		}
		source := stub.Source
		*stub = *rc
		stub.Source = source
		stub.Begin = f.e.guard(f.name, rc.Begin)
		stub.Process = f.e.guard(f.name, rc.Process)
		stub.End = f.e.guard(f.name, rc.End)
	}
	return nil
}
