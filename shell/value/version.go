package value

import (
	"strconv"
	"strings"
)

// Version is a [version] (System.Version): two to four numbers, the
// missing ones -1. $PSVersionTable.PSVersion is one, so scripts can compare
// it with [version]'5.1' or read its Major.
type Version struct {
	Major, Minor, Build, Revision int
}

// ParseVersion reads "7", "7.4", "7.4.0" or "7.4.0.1"; a lone number is
// accepted as a major version, as #requires -Version takes it.
func ParseVersion(s string) (Version, bool) {
	parts := strings.Split(strings.TrimSpace(s), ".")
	if len(parts) > 4 || parts[0] == "" {
		return Version{}, false
	}
	v := Version{Minor: -1, Build: -1, Revision: -1}
	fields := []*int{&v.Major, &v.Minor, &v.Build, &v.Revision}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return Version{}, false
		}
		*fields[i] = n
	}
	if v.Minor < 0 {
		v.Minor = 0
	}
	return v, true
}

// String is the version as .NET prints it: only the parts that are set.
func (v Version) String() string {
	parts := []string{strconv.Itoa(v.Major), strconv.Itoa(v.Minor)}
	if v.Build >= 0 {
		parts = append(parts, strconv.Itoa(v.Build))
		if v.Revision >= 0 {
			parts = append(parts, strconv.Itoa(v.Revision))
		}
	}
	return strings.Join(parts, ".")
}

// TypeNames gives the value's .NET type.
func (v Version) TypeNames() []string { return []string{"System.Version", "System.Object"} }

// Property exposes Major, Minor, Build and Revision (and Patch, as
// PowerShell's SemanticVersion calls the third number).
func (v Version) Property(name string) (any, bool) {
	switch strings.ToLower(name) {
	case "major":
		return v.Major, true
	case "minor":
		return v.Minor, true
	case "build", "patch":
		return v.Build, true
	case "revision":
		return v.Revision, true
	}
	return nil, false
}

// PropertyNames lists the properties a version shows.
func (v Version) PropertyNames() []string { return []string{"Major", "Minor", "Build", "Revision"} }

// CompareVersions orders two versions part by part; a missing part sorts
// before 0, as in .NET.
func CompareVersions(a, b Version) int {
	for _, d := range [][2]int{{a.Major, b.Major}, {a.Minor, b.Minor}, {a.Build, b.Build}, {a.Revision, b.Revision}} {
		if d[0] != d[1] {
			return cmp3(d[0] < d[1], d[0] > d[1])
		}
	}
	return 0
}

func toVersion(v any, t typeInfo) (any, error) {
	switch x := v.(type) {
	case Version:
		return x, nil
	case string:
		ver, ok := ParseVersion(x)
		if !ok || !strings.Contains(x, ".") {
			return nil, castError("InvalidCastParseTargetInvocation", x, t.full, "Version string portion was too short or too long.")
		}
		return ver, nil
	case int, int64, float64:
		return toVersion(ToString(x), t)
	}
	return nil, invalidCast(v, t.full)
}
