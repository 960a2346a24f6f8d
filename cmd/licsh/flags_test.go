package main

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseArgs(t *testing.T) {
	t.Parallel()
	files := map[string]bool{"job.ps1": true, "dir/job.ps1": true, "-odd.ps1": true}
	exists := func(p string) bool { return files[p] }
	tests := []struct {
		args []string
		want options
	}{
		{nil, options{mode: modeDefault}},
		{[]string{"-Command", "Get-Date"}, options{mode: modeCommand, command: "Get-Date", args: []string{}}},
		{[]string{"-command", "1+1", "a", "b"}, options{mode: modeCommand, command: "1+1", args: []string{"a", "b"}}},
		{[]string{"-c", "x", "-File"}, options{mode: modeCommand, command: "x", args: []string{"-File"}}},
		{[]string{"-c", "$args", "-x", "y"}, options{mode: modeCommand, command: "$args", args: []string{"-x", "y"}}},
		{[]string{"-C", "x"}, options{mode: modeCommand, command: "x", args: []string{}}},
		{[]string{"--command", "x"}, options{mode: modeCommand, command: "x", args: []string{}}},
		{[]string{"-Comm", "x"}, options{mode: modeCommand, command: "x", args: []string{}}},
		{[]string{"\u2013Command", "x"}, options{mode: modeCommand, command: "x", args: []string{}}},
		{[]string{"-Command", "-"}, options{mode: modeStdin}},
		{[]string{"-File", "job.ps1"}, options{mode: modeFile, file: "job.ps1", args: []string{}}},
		{[]string{"-f", "dir/job.ps1", "a", "-Name", "b"}, options{mode: modeFile, file: "dir/job.ps1", args: []string{"a", "-Name", "b"}}},
		{[]string{"-FILE", "job.ps1", "-Command", "x"}, options{mode: modeFile, file: "job.ps1", args: []string{"-Command", "x"}}},
		{[]string{"-File", "-"}, options{mode: modeStdin}},
		{[]string{"job.ps1", "a"}, options{mode: modeFile, file: "job.ps1", args: []string{"a"}}},
		{[]string{"-odd.ps1"}, options{mode: modeFile, file: "-odd.ps1", args: []string{}}},
		{[]string{"-"}, options{mode: modeStdin}},
		{[]string{"-Tenant", "t.db", "-c", "x"}, options{mode: modeCommand, command: "x", args: []string{}, tenant: "t.db"}},
		{[]string{"-Ten", "t.db"}, options{mode: modeDefault, tenant: "t.db"}},
		{[]string{"-t", "t.db", "job.ps1"}, options{mode: modeFile, file: "job.ps1", args: []string{}, tenant: "t.db"}},
		{[]string{"-NoProfile", "-NonInteractive", "-File", "job.ps1"}, options{mode: modeFile, file: "job.ps1", args: []string{}, nonInteractive: true, noProfile: true}},
		{[]string{"-nop", "-noni", "-c", "x"}, options{mode: modeCommand, command: "x", args: []string{}, nonInteractive: true, noProfile: true}},
		{[]string{"-NoLogo", "-ExecutionPolicy", "Bypass", "-File", "job.ps1"}, options{mode: modeFile, file: "job.ps1", args: []string{}}},
		{[]string{"-ep", "Bypass", "-c", "x"}, options{mode: modeCommand, command: "x", args: []string{}}},
		{[]string{"-Version", "-Bogus"}, options{mode: modeVersion}},
		{[]string{"-v"}, options{mode: modeVersion}},
		{[]string{"-Help"}, options{mode: modeHelp}},
		{[]string{"-h"}, options{mode: modeHelp}},
		{[]string{"-?"}, options{mode: modeHelp}},
		{[]string{"/?"}, options{mode: modeHelp}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			got, err := parseArgs(tt.args, exists)
			if err != nil {
				t.Fatalf("parseArgs(%q) error: %v", tt.args, err)
			}
			if !reflect.DeepEqual(*got, tt.want) {
				t.Errorf("parseArgs(%q)\n got %+v\nwant %+v", tt.args, *got, tt.want)
			}
		})
	}
}

func TestParseArgsErrors(t *testing.T) {
	t.Parallel()
	exists := func(p string) bool { return p == "job.ps1" }
	notScript := func(arg string) string {
		return "The argument '" + arg + "' is not recognized as the name of a script file. Check the spelling of the name, or if a path was included, verify that the path is correct and try again."
	}
	tests := []struct {
		args      []string
		msg       string
		showUsage bool
	}{
		{[]string{"-Bogus"}, notScript("-Bogus"), true},
		{[]string{"nope.ps1"}, notScript("nope.ps1"), true},
		{[]string{"-File", "nope.ps1"}, notScript("nope.ps1"), true},
		{[]string{"-no"}, "Invalid argument '-no', did you mean:\n\n  -nologo\n  -noninteractive\n  -noprofile", false},
		{[]string{"-n", "-c", "x"}, "Invalid argument '-n', did you mean:\n\n  -command\n  -executionpolicy\n  -nologo\n  -noninteractive\n  -noprofile\n  -tenant\n  -version", false},
		{[]string{"-profile"}, "Invalid argument '-profile', did you mean:\n\n  -noprofile", false},
		{[]string{"-interactive", "-c", "x"}, "Invalid argument '-interactive', did you mean:\n\n  -noninteractive", false},
		{[]string{"-Command"}, "Cannot process the command because of a missing parameter. A command must follow -Command.", true},
		{[]string{"-Command", "-", "x"}, "'-' was specified with the -Command parameter; no other arguments to -Command are permitted.", true},
		{[]string{"-File"}, "The command cannot be run because the File parameter requires a file path. Supply a path for the File parameter and then try the command again.", true},
		{[]string{"-Tenant"}, "Cannot process the command because -Tenant requires an argument that is a path to a tenant file.", true},
		{[]string{"-Tenant", "", "-c", "x"}, "Cannot process the command because -Tenant requires an argument that is a path to a tenant file.", true},
		{[]string{"-ExecutionPolicy"}, "Cannot process the execution policy because of a missing policy name. A policy name must follow -ExecutionPolicy.", true},
		{[]string{"--"}, notScript("--"), true},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			_, err := parseArgs(tt.args, exists)
			ue, ok := err.(*usageError)
			if !ok {
				t.Fatalf("parseArgs(%q) error = %v, want a usage error", tt.args, err)
			}
			if ue.msg != tt.msg || ue.showUsage != tt.showUsage {
				t.Errorf("parseArgs(%q)\n got %q (usage %v)\nwant %q (usage %v)", tt.args, ue.msg, ue.showUsage, tt.msg, tt.showUsage)
			}
		})
	}
}

func TestMatchFlag(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"c": "command", "COMMAND": "command", "commandx": "", "f": "file", "fi": "file",
		"t": "tenant", "ten": "tenant", "tenant": "tenant", "v": "version", "h": "help",
		"?": "help", "nop": "noprofile", "noni": "noninteractive", "non": "noninteractive",
		"nol": "nologo", "no": "", "n": "", "e": "executionpolicy", "ep": "executionpolicy",
		"x": "", "": "",
	}
	for in, want := range tests {
		if got := matchFlag(in); got != want {
			t.Errorf("matchFlag(%q) = %q, want %q", in, got, want)
		}
	}
}
