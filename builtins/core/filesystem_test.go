package core_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"licsh/builtins/licshtest"
	"licsh/shell/interp"
)

// tree makes files (name -> text; a name ending in / is a folder) in a new
// folder, all last written at 2024-05-31 14:05 local time.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	at := time.Date(2024, 5, 31, 14, 5, 9, 0, time.Local)
	var all []string
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if name[len(name)-1] == '/' {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
		} else if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		all = append(all, p, filepath.Dir(p))
	}
	for _, p := range all {
		if err := os.Chtimes(p, at, at); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestGetChildItem(t *testing.T) {
	t.Parallel()
	dir := tree(t, map[string]string{"b.csv": "a,b\n1,2\n", "A.txt": "hello", "sub/c.csv": "x", "sub/deep/d.txt": "", ".hidden": "h", "empty/": ""})
	sub := filepath.Join(dir, "sub")
	licshtest.Script(t, dir).Check(licshtest.Exact, []licshtest.Case{
		{"Get-ChildItem", "\n    Directory: " + dir + "\n\n" +
			"Mode                 LastWriteTime         Length Name\n" +
			"----                 -------------         ------ ----\n" +
			"d----           5/31/2024  2:05 PM                empty\n" +
			"d----           5/31/2024  2:05 PM                sub\n" +
			"-----           5/31/2024  2:05 PM              5 A.txt\n" +
			"-----           5/31/2024  2:05 PM              8 b.csv\n\n", ""},
		{"Get-ChildItem sub -Recurse", "\n    Directory: " + sub + "\n\n" +
			"Mode                 LastWriteTime         Length Name\n" +
			"----                 -------------         ------ ----\n" +
			"d----           5/31/2024  2:05 PM                deep\n" +
			"-----           5/31/2024  2:05 PM              1 c.csv\n\n" +
			"    Directory: " + filepath.Join(sub, "deep") + "\n\n" +
			"Mode                 LastWriteTime         Length Name\n" +
			"----                 -------------         ------ ----\n" +
			"-----           5/31/2024  2:05 PM              0 d.txt\n\n", ""},
		{"ls -Name", "empty\nsub\nA.txt\nb.csv\n", ""},
		{"dir -Name -Force", "empty\nsub\n.hidden\nA.txt\nb.csv\n", ""},
		{"gci -Name -Hidden", ".hidden\n", ""},
		{"gci -Recurse -Name", "empty\nsub\nA.txt\nb.csv\nsub/deep\nsub/c.csv\nsub/deep/d.txt\n", ""},
		{"gci -Recurse -Depth 0 -Name -File", "A.txt\nb.csv\n", ""},
		{"gci -Recurse -Filter *.csv -Name", "b.csv\nsub/c.csv\n", ""},
		{"gci *.csv -Recurse | ForEach-Object Name", "b.csv\nc.csv\n", ""},
		{"gci -Directory -Name", "empty\nsub\n", ""},
		{"gci -File | ForEach-Object { $_.Name + ' ' + $_.Length + ' ' + $_.Extension + ' ' + $_.BaseName + ' ' + $_.Mode }", "A.txt 5 .txt A -----\nb.csv 8 .csv b -----\n", ""},
		{"gci -Include *.txt -Exclude a* -Recurse -Name", "sub/deep/d.txt\n", ""},
		{"(gci b.csv).FullName -eq (Join-Path $PWD 'b.csv')", "True\n", ""},
		{"(gci b.csv).DirectoryName -eq $PWD.Path", "True\n", ""},
		{"(gci b.csv).LastWriteTime.ToString('yyyy-MM-dd HH:mm')", "2024-05-31 14:05\n", ""},
		{"(gci b.csv) -is [System.IO.FileInfo]; (gi sub) -is [System.IO.DirectoryInfo]; (gi sub).PSIsContainer", "True\nTrue\nTrue\n", ""},
		{"gci b.csv | Import-Csv", "\na b\n- -\n1 2\n\n", ""},
		{"gci *.csv, *.txt | Sort-Object Length | ForEach-Object Name", "A.txt\nb.csv\n", ""},
		{"Get-ChildItem nope", "", "Get-ChildItem: test.ps1:1\nLine |\n   1 |  Get-ChildItem nope\n     |  ~~~~~~~~~~~~~~~~~~\n     | Cannot find path '" + filepath.Join(dir, "nope") + "' because it does not exist.\n"},
		{"Get-ChildItem nope*; 'none'", "none\n", ""},
		{"(Get-Item sub\\c.csv).Name; (Get-Item .\\sub).Name", "c.csv\nsub\n", ""},
		{"Get-Item s*, *.csv | ForEach-Object Name", "sub\nb.csv\n", ""},
		{"Get-Item sub | Format-List", "\n    Directory: " + dir + "\n\nName           : sub\nCreationTime   : 5/31/2024 2:05:09 PM\nLastWriteTime  : 5/31/2024 2:05:09 PM\nLastAccessTime : 5/31/2024 2:05:09 PM\nMode           : d----\nLinkType       :\nTarget         :\n\n", ""},
		{"\"$(Get-Item b.csv)\" -eq (Join-Path $PWD b.csv)", "True\n", ""},
	}...)
	oneLine(t, dir).Check(licshtest.Contains, []licshtest.Case{
		{"try { Get-Item nope -ErrorAction Stop } catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category; $_.Exception.GetType().FullName }",
			"PathNotFound,Microsoft.PowerShell.Commands.GetItemCommand\nObjectNotFound\nSystem.Management.Automation.ItemNotFoundException\n", ""},
	}...)
}

// TestUnixMode checks pwsh's UnixMode property of files and folders on
// Unix, which shows permissions as ls -l does.
func TestUnixMode(t *testing.T) {
	t.Parallel()
	dir := tree(t, map[string]string{"private.db": "x", "tool": "#!/bin/sh", "setuid": "", "shared/": "", "tmp/": "", "nox/": ""})
	for name, mode := range map[string]os.FileMode{"private.db": 0o600, "tool": 0o755, "setuid": 0o644 | os.ModeSetuid,
		"shared": 0o750 | os.ModeSetgid, "tmp": 0o777 | os.ModeSticky, "nox": 0o666 | os.ModeSticky} {
		if err := os.Chmod(filepath.Join(dir, name), mode); err != nil {
			t.Fatal(err)
		}
	}
	licshtest.Script(t, dir).Check(licshtest.Exact, []licshtest.Case{
		{"Get-Item private.db, tool, setuid, shared, tmp, nox | ForEach-Object { $_.UnixMode + ' ' + $_.Name }",
			"-rw------- private.db\n-rwxr-xr-x tool\n-rwSr--r-- setuid\ndrwxr-s--- shared\ndrwxrwxrwt tmp\ndrw-rw-rwT nox\n", ""},
	}...)
}

// oneLine is a session in dir whose errors show on one line, as with
// licsh -Command.
func oneLine(t *testing.T, dir string) *licshtest.Session {
	s := licshtest.Script(t, dir)
	s.Script = ""
	return s
}

func TestNewRemoveItem(t *testing.T) {
	t.Parallel()
	dir := tree(t, map[string]string{"keep.txt": "k", "full/x.txt": "x", "full/y/z.txt": "z"})
	oneLine(t, dir).Check(licshtest.Contains, []licshtest.Case{
		{"New-Item a.txt -Value 'one' | Out-Null; Get-Content a.txt", "one\n", ""},
		{"New-Item a.txt -Value 'two'", "", "The file '" + filepath.Join(dir, "a.txt") + "' already exists."},
		{"New-Item a.txt -Value 'two' -Force | Out-Null; Get-Content a.txt", "two\n", ""},
		{"(New-Item -ItemType Directory -Path made\\deeper).FullName", filepath.Join(dir, "made", "deeper") + "\n", ""},
		{"New-Item -ItemType Directory made", "", "An item with the specified name " + filepath.Join(dir, "made") + " already exists."},
		{"(New-Item -ItemType Directory made -Force).Name", "made\n", ""},
		{"(New-Item -Path made -Name n.txt -ItemType File).FullName", filepath.Join(dir, "made", "n.txt") + "\n", ""},
		{"New-Item nodir\\f.txt", "", "Could not find a part of the path '" + filepath.Join(dir, "nodir", "f.txt") + "'."},
		{"(New-Item nodir\\f.txt -Force).Length", "0\n", ""},
		{"(mkdir m1).PSIsContainer; (md m2).Mode; (ni m3).Mode", "True\nd----\n-----\n", ""},
		{"New-Item x -ItemType Thing", "", `The type is not a known type for the file system. Only "file","directory" or "symboliclink" can be specified.`},
		{"New-Item w.txt -WhatIf; Test-Path w.txt", "What if: Performing the operation \"Create File\" on target \"Destination: " + filepath.Join(dir, "w.txt") + "\".\nFalse\n", ""},
		{"Remove-Item full; Test-Path full\\y\\z.txt", "True\n",
			"The item at " + filepath.Join(dir, "full") + " has children and the Recurse parameter was not specified. Nothing was removed: add -Recurse to remove the folder with everything in it."},
		{"Remove-Item nope, keep.txt; Test-Path keep.txt", "False\n", "Cannot find path '" + filepath.Join(dir, "nope") + "' because it does not exist."},
		{"Remove-Item full -WhatIf; Test-Path full", "What if: Performing the operation \"Remove Directory\" on target \"" + filepath.Join(dir, "full") + "\".\nTrue\n", ""},
		{"Remove-Item full -Recurse -WhatIf; Test-Path full", "What if: Performing the operation \"Remove Directory\" on target \"" + filepath.Join(dir, "full") + "\".\nTrue\n", ""},
		{"rm full -Recurse; Test-Path full", "False\n", ""},
		{"New-Item e -ItemType Directory | Out-Null; del e; Test-Path e", "False\n", ""},
		{"Set-Content r.txt 'r'; (Get-Item r.txt).IsReadOnly", "False\n", ""},
		{"try { Remove-Item gone.txt -ErrorAction Stop } catch { $_.FullyQualifiedErrorId }", "PathNotFound,Microsoft.PowerShell.Commands.RemoveItemCommand\n", ""},
		{"Set-Content p1.csv 1; Set-Content p2.csv 2; Remove-Item p*.csv; (Get-ChildItem p*.csv).Count", "0\n", ""},
	}...)
	if err := os.WriteFile(filepath.Join(dir, "ro.txt"), []byte("r"), 0o444); err != nil {
		t.Fatal(err)
	}
	oneLine(t, dir).Check(licshtest.Contains, []licshtest.Case{
		{"(Get-Item ro.txt).Mode; Remove-Item ro.txt; Test-Path ro.txt", "--r--\nTrue\n",
			"You do not have sufficient access rights to perform this operation or the item is hidden, system, or read only."},
		{"Remove-Item ro.txt -Force; Test-Path ro.txt", "False\n", ""},
	}...)
}

func TestCopyMoveRenameItem(t *testing.T) {
	t.Parallel()
	dir := tree(t, map[string]string{"a.txt": "a", "b.txt": "b", "src/one.txt": "1", "src/in/two.txt": "2", "dest/": ""})
	oneLine(t, dir).Check(licshtest.Contains, []licshtest.Case{
		{"Copy-Item a.txt c.txt; Get-Content c.txt", "a\n", ""},
		{"Copy-Item a.txt dest; Get-Content dest\\a.txt", "a\n", ""},
		{"Copy-Item *.txt dest -PassThru | ForEach-Object Name", "a.txt\nb.txt\nc.txt\n", ""},
		{"Copy-Item a.txt a.txt", "", "Cannot overwrite the item " + filepath.Join(dir, "a.txt") + " with itself."},
		{"Copy-Item src copy1; (Get-ChildItem copy1).Count", "0\n", ""},
		{"Copy-Item src copy2 -Recurse; Get-Content copy2\\in\\two.txt", "2\n", ""},
		{"Copy-Item src dest -Recurse; Get-Content dest/src/one.txt", "1\n", ""},
		{"Copy-Item nope.txt x.txt", "", "Cannot find path '" + filepath.Join(dir, "nope.txt") + "' because it does not exist."},
		{"Copy-Item a.txt nodir\\a.txt", "", "Could not find a part of the path '" + filepath.Join(dir, "nodir", "a.txt") + "'."},
		{"Copy-Item a.txt z.txt -WhatIf", "What if: Performing the operation \"Copy File\" on target \"Item: " + filepath.Join(dir, "a.txt") + " Destination: " + filepath.Join(dir, "z.txt") + "\".\n", ""},
		{"Move-Item c.txt moved.txt; Test-Path c.txt; Get-Content moved.txt", "False\na\n", ""},
		{"Move-Item moved.txt b.txt", "", "The file '" + filepath.Join(dir, "b.txt") + "' already exists."},
		{"Move-Item moved.txt b.txt -Force; Get-Content b.txt", "a\n", ""},
		{"Move-Item copy2 dest; Test-Path dest\\copy2\\in\\two.txt", "True\n", ""},
		{"Rename-Item b.txt renamed.txt; Get-Content renamed.txt", "a\n", ""},
		{"Rename-Item renamed.txt .\\r2.txt -PassThru | ForEach-Object Name", "r2.txt\n", ""},
		{"Rename-Item missing.txt x.txt", "", "Cannot rename because item at 'missing.txt' does not exist."},
		{"Rename-Item r2.txt sub/x.txt", "", "Cannot rename the specified target, because it represents a path or device name."},
		{"Rename-Item r2.txt a.txt", "", "The file '" + filepath.Join(dir, "a.txt") + "' already exists."},
		{"Invoke-Item a.txt", "", "Invoke-Item: licsh cannot open '" + filepath.Join(dir, "a.txt") + "' with another program: it runs without a desktop. Read the file with Get-Content, Import-Csv or Import-Excel instead."},
	}...)
}

func TestLocationAndPaths(t *testing.T) {
	t.Parallel()
	dir := tree(t, map[string]string{"in/users.csv": "UserPrincipalName\nann@contoso.com\n", "out/": "", "top.txt": "t"})
	in := filepath.Join(dir, "in")
	home, _ := os.UserHomeDir()
	oneLine(t, dir).Check(licshtest.Contains, []licshtest.Case{
		{"Get-Location", "\nPath\n----\n" + dir + "\n\n", ""},
		{"cd in; pwd | ForEach-Object Path; \"$PWD\"; (Import-Csv .\\users.csv).UserPrincipalName; Get-Content ..\\top.txt", in + "\n" + in + "\nann@contoso.com\nt\n", ""},
		{"Set-Location in -PassThru | ForEach-Object Path; cd ..; $PWD.Path", in + "\n" + dir + "\n", ""},
		{"sl nope", "", "Set-Location: Cannot find path '" + filepath.Join(dir, "nope") + "' because it does not exist.\n"},
		{"sl nope; $PWD.Path", dir + "\n", "Cannot find path"},
		{"sl top.txt", "", "Cannot find path '" + filepath.Join(dir, "top.txt") + "' because it does not exist."},
		{"pushd in; $PWD.Path; pushd ..\\out; $PWD.Path; popd; $PWD.Path; popd; $PWD.Path; popd; $PWD.Path", in + "\n" + filepath.Join(dir, "out") + "\n" + in + "\n" + dir + "\n" + dir + "\n", ""},
		{"cd; $PWD.Path", home + "\n", ""},
		{"cd ~; $PWD.Path", home + "\n", ""},
		{"Set-Location -LiteralPath in; 'x' | Out-File o.txt; Test-Path " + filepath.Join(in, "o.txt"), "True\n", ""},
		{"Join-Path $PWD 'out\\report.csv'", filepath.Join(dir, "out", "report.csv") + "\n", ""},
		{"Join-Path a b c d; Join-Path 'a/' '/b'; Join-Path a, b c", "a/b/c/d\na/b\na/c\nb/c\n", ""},
		{"Join-Path in users.csv -Resolve", filepath.Join(in, "users.csv") + "\n", ""},
		{"Join-Path in nope.csv -Resolve", "", "Cannot find path '" + filepath.Join(in, "nope.csv") + "' because it does not exist."},
		{"Join-Path C:\\temp x.csv", "", "Join-Path: Cannot find drive. A drive with the name 'C' does not exist."},
		{"Resolve-Path in\\users.csv | ForEach-Object Path", filepath.Join(in, "users.csv") + "\n", ""},
		{"Resolve-Path in\\*.csv -Relative; Resolve-Path top.txt -Relative", "./in/users.csv\n./top.txt\n", ""},
		{"cd in; Resolve-Path ..\\top.txt -Relative", "../top.txt\n", ""},
		{"Resolve-Path nope.txt", "", "Resolve-Path: Cannot find path '" + filepath.Join(dir, "nope.txt") + "' because it does not exist."},
		{"Get-Content C:\\Scripts\\users.csv", "", "Get-Content: Cannot find drive. A drive with the name 'C' does not exist. The path 'C:\\Scripts\\users.csv' is on a Windows drive, which licsh does not have: give a path relative to the current folder or the script instead, such as '.\\users.csv' or \"$PSScriptRoot\\users.csv\"."},
		{"try { Import-Csv D:\\x.csv -ErrorAction Stop } catch { $_.Exception.GetType().FullName; $_.CategoryInfo.Category }", "System.Management.Automation.DriveNotFoundException\nObjectNotFound\n", ""},
		{"$env:TEMP -ne $null; $env:TMP -ne $null; $env:USERPROFILE -eq $HOME", "True\nTrue\nTrue\n", ""},
		{"'x' | Out-File \"$env:TEMP\\licsh-test-$PID.txt\"; Test-Path \"$env:TEMP/licsh-test-$PID.txt\"; Remove-Item \"$env:TEMP\\licsh-test-$PID.txt\"", "True\n", ""},
	}...)
	licshtest.Script(t, dir).Check(licshtest.Exact, []licshtest.Case{
		{"Split-Path 'C:\\Scripts\\in\\users.csv'", "C:/Scripts/in\n", ""},
		{"Split-Path 'in\\users.csv' -Leaf; Split-Path '/a/b/' -Leaf; Split-Path 'users.csv'", "users.csv\nb\n\n", ""},
		{"Split-Path '/a/b.tar.gz' -LeafBase; Split-Path '/a/b.tar.gz' -Extension; Split-Path '/a' -Parent; Split-Path '/' -Parent", "b.tar\n.gz\n/\n\n", ""},
		{"Split-Path 'C:\\x\\y' -Qualifier; Split-Path 'C:\\x\\y' -NoQualifier; Split-Path '/x' -IsAbsolute; Split-Path 'x' -IsAbsolute", "C:\n/x/y\nTrue\nFalse\n", ""},
		{"Split-Path in\\*.csv -Resolve -Leaf", "users.csv\n", ""},
		{"Split-Path '/x' -Qualifier", "", "Split-Path: test.ps1:1\nLine |\n   1 |  Split-Path '/x' -Qualifier\n     |  ~~~~~~~~~~~~~~~~~~~~~~~~~~\n     | Cannot parse path because path '/x' does not have a qualifier specified.\n"},
	}...)
}

// TestRemoveItemAsks checks that, with a person at the keyboard, removing
// a folder that has items without -Recurse asks first, as pwsh does.
func TestRemoveItemAsks(t *testing.T) {
	t.Parallel()
	dir := tree(t, map[string]string{"keep/a.txt": "a", "drop/b.txt": "b"})
	s := licshtest.Script(t, dir)
	var out, errb bytes.Buffer
	answers := []string{"n", "y"}
	var prompts []string
	r := s.Runner(&interp.Host{Stdout: &out, Stderr: &errb, Interactive: true, Prompt: func(p string, _ bool) (string, error) {
		prompts = append(prompts, p)
		a := answers[0]
		answers = answers[1:]
		return a, nil
	}})
	r.RunString(context.Background(), "", "Remove-Item keep; Remove-Item drop; Test-Path keep/a.txt; Test-Path drop", nil)
	if out.String() != "True\nFalse\n" || errb.Len() > 0 {
		t.Errorf("output %q, errors %q", out.String(), errb.String())
	}
	want := "\nConfirm\nThe item at " + filepath.Join(dir, "keep") + " has children and the Recurse parameter was not specified. If you continue, all children will be removed with the item. Are you sure you want to continue?\n" +
		"[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help (default is \"Y\"): "
	if len(prompts) != 2 || prompts[0] != want {
		t.Errorf("prompts %q, want first %q", prompts, want)
	}
}
