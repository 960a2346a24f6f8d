package core

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"licsh/shell/cmdlet"
	"licsh/shell/interp"
	"licsh/shell/value"
)

func dateCmdlets() []*cmdlet.Cmdlet {
	parts := []string{"Year", "Month", "Day", "Hour", "Minute", "Second", "Millisecond"}
	params := []*cmdlet.Param{
		{Name: "Date", Aliases: []string{"LastWriteTime"}, Type: cmdlet.DateTime, Position: 1, ValueFromPipeline: true, ValueFromPipelineByPropertyName: true, Help: "The date to use instead of now."},
		{Name: "UnixTimeSeconds", Aliases: []string{"UnixTime"}, Type: cmdlet.Long, Help: "The date as seconds since 1970-01-01 UTC."},
	}
	for _, p := range parts {
		params = append(params, &cmdlet.Param{Name: p, Type: cmdlet.Int, Help: "Replaces the date's " + strings.ToLower(p) + "."})
	}
	params = append(params,
		&cmdlet.Param{Name: "DisplayHint", Type: cmdlet.String, ValidateSet: []string{"Date", "Time", "DateTime"}, Help: "Accepted; the date is shown whole."},
		&cmdlet.Param{Name: "Format", Type: cmdlet.String, Sets: []string{"DateTimeFormat"}, Help: "A .NET format such as 'yyyy-MM-dd' or 's'; the output is then a string."},
		&cmdlet.Param{Name: "UFormat", Type: cmdlet.String, Sets: []string{"UFormat"}, Help: "A UNIX format such as '%Y-%m-%d'; the output is then a string."},
		&cmdlet.Param{Name: "AsUTC", Type: cmdlet.Switch, Help: "Converts the date to UTC."},
	)
	return []*cmdlet.Cmdlet{
		{
			Name:                "Get-Date",
			Module:              modUtility,
			Synopsis:            "Gets the current date and time.",
			Description:         "Get-Date outputs the current date and time from the session's clock (the tenant clock when one is set), or the given date with some parts replaced, as a date or, with -Format or -UFormat, as text.",
			DefaultParameterSet: "DateTimeFormat",
			Params:              params,
			Examples: []cmdlet.Example{
				{Code: "Get-Date -Format 'yyyy-MM-dd'", Remarks: "Today's date as text, such as 2024-05-31."},
				{Code: "(Get-Date).AddDays(-30)", Remarks: "The date 30 days ago."},
				{Code: "Get-Date -UFormat '%Y%m%d'", Remarks: "A UNIX-style format."},
			},
			Process: getDate,
		},
		{
			Name:                "New-TimeSpan",
			Module:              modUtility,
			Synopsis:            "Creates a TimeSpan object.",
			Description:         "New-TimeSpan outputs the time between -Start and -End (now for the one not given), or the span made of the given days, hours, minutes, seconds and milliseconds.",
			DefaultParameterSet: "Date",
			Params: []*cmdlet.Param{
				{Name: "Start", Aliases: []string{"LastWriteTime"}, Type: cmdlet.DateTime, Position: 1, ValueFromPipelineByPropertyName: true, Sets: []string{"Date"}, Help: "The start; now by default."},
				{Name: "End", Type: cmdlet.DateTime, Position: 2, Sets: []string{"Date"}, Help: "The end; now by default."},
				{Name: "Days", Type: cmdlet.Int, Sets: []string{"Time"}, Help: "Days in the span."},
				{Name: "Hours", Type: cmdlet.Int, Sets: []string{"Time"}, Help: "Hours in the span."},
				{Name: "Minutes", Type: cmdlet.Int, Sets: []string{"Time"}, Help: "Minutes in the span."},
				{Name: "Seconds", Type: cmdlet.Int, Sets: []string{"Time"}, Help: "Seconds in the span."},
				{Name: "Milliseconds", Type: cmdlet.Int, Sets: []string{"Time"}, Help: "Milliseconds in the span."},
			},
			Examples: []cmdlet.Example{
				{Code: "New-TimeSpan -Days 30", Remarks: "A span of 30 days."},
				{Code: "(New-TimeSpan -Start $user.CreatedDateTime).Days", Remarks: "How many days ago the user was created."},
			},
			Process: newTimeSpan,
		},
		{
			Name:                "Start-Sleep",
			Module:              modUtility,
			Aliases:             []string{"sleep"},
			Synopsis:            "Suspends the activity in a script or session for the specified period of time.",
			Description:         "Start-Sleep waits for the given time; Ctrl-C ends the wait.",
			DefaultParameterSet: "Seconds",
			Params: []*cmdlet.Param{
				{Name: "Seconds", Aliases: []string{"s"}, Type: cmdlet.Double, Position: 1, Mandatory: true, Sets: []string{"Seconds"}, Help: "How many seconds to wait."},
				{Name: "Milliseconds", Aliases: []string{"ms"}, Type: cmdlet.Int, Mandatory: true, Sets: []string{"Milliseconds"}, Help: "How many milliseconds to wait."},
				{Name: "Duration", Aliases: []string{"ts"}, Type: cmdlet.TimeSpan, Mandatory: true, Sets: []string{"FromTimeSpan"}, Help: "How long to wait."},
			},
			Examples: []cmdlet.Example{{Code: "Start-Sleep -Seconds 2", Remarks: "Waits two seconds."}},
			Process:  startSleep,
		},
	}
}

func getDate(c cmdlet.Call) error {
	t := c.Now()
	if c.Bound("Date") {
		if d, ok := c.Get("Date").(time.Time); ok {
			t = d
		}
	}
	if c.Bound("UnixTimeSeconds") {
		n, _ := value.Convert(c.Get("UnixTimeSeconds"), "long")
		secs, _ := n.(int64)
		t = time.Unix(secs, 0).UTC()
	}
	t, err := replaceDateParts(c, t)
	if err != nil {
		return err
	}
	if c.Switch("AsUTC") {
		t = t.UTC()
	}
	switch {
	case c.Bound("UFormat"):
		return c.Write(uFormat(t, c.String("UFormat")))
	case c.Bound("Format"):
		return c.Write(value.FormatDate(t, c.String("Format")))
	}
	return c.Write(t)
}

// replaceDateParts applies -Year .. -Millisecond, each checked against its
// ValidateRange as PowerShell does.
func replaceDateParts(c cmdlet.Call, t time.Time) (time.Time, error) {
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	month, ms := int(mo), t.Nanosecond()/int(time.Millisecond)
	parts := []struct {
		name   string
		dst    *int
		lo, hi int
	}{
		{"Year", &y, 1, 9999}, {"Month", &month, 1, 12}, {"Day", &d, 1, 31},
		{"Hour", &h, 0, 23}, {"Minute", &mi, 0, 59}, {"Second", &s, 0, 59}, {"Millisecond", &ms, 0, 999},
	}
	for _, p := range parts {
		if !c.Bound(p.name) {
			continue
		}
		n := c.Int(p.name)
		if err := checkRange(c, p.name, n, p.lo, p.hi); err != nil {
			return t, err
		}
		*p.dst = n
	}
	d = min(d, daysIn(time.Month(month), y))
	ns := ms*int(time.Millisecond) + t.Nanosecond()%int(time.Millisecond)
	return time.Date(y, time.Month(month), d, h, mi, s, ns, t.Location()), nil
}

// checkRange is a parameter's ValidateRange, with PowerShell's message.
func checkRange(c cmdlet.Call, param string, n, lo, hi int) error {
	var msg string
	switch {
	case n < lo:
		msg = fmt.Sprintf("The %d argument is less than the minimum allowed range of %d. Supply an argument that is greater than or equal to %d and then try the command again.", n, lo, lo)
	case n > hi:
		msg = fmt.Sprintf("The %d argument is greater than the maximum allowed range of %d. Supply an argument that is less than or equal to %d and then try the command again.", n, hi, hi)
	default:
		return nil
	}
	return argumentError(c.Cmdlet().Name, "ParameterArgumentValidationError",
		fmt.Sprintf("Cannot validate argument on parameter '%s'. %s", param, msg), n)
}

func daysIn(m time.Month, year int) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// uFormat formats t with Get-Date -UFormat's UNIX specifiers, as pwsh 7
// defines them in en-US.
func uFormat(t time.Time, f string) string {
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		if f[i] != '%' || i+1 == len(f) {
			b.WriteByte(f[i])
			continue
		}
		i++
		switch f[i] {
		case 'a':
			b.WriteString(t.Format("Mon"))
		case 'A':
			b.WriteString(t.Format("Monday"))
		case 'b', 'h':
			b.WriteString(t.Format("Jan"))
		case 'B':
			b.WriteString(t.Format("January"))
		case 'c':
			b.WriteString(t.Format("Mon Jan 02 15:04:05 2006"))
		case 'C':
			fmt.Fprintf(&b, "%02d", t.Year()/100)
		case 'd':
			fmt.Fprintf(&b, "%02d", t.Day())
		case 'D':
			b.WriteString(t.Format("01/02/06"))
		case 'e':
			fmt.Fprintf(&b, "%2d", t.Day())
		case 'F':
			b.WriteString(t.Format("2006-01-02"))
		case 'g':
			y, _ := t.ISOWeek()
			fmt.Fprintf(&b, "%02d", y%100)
		case 'G':
			y, _ := t.ISOWeek()
			fmt.Fprintf(&b, "%d", y)
		case 'H':
			fmt.Fprintf(&b, "%02d", t.Hour())
		case 'I':
			fmt.Fprintf(&b, "%02d", (t.Hour()+11)%12+1)
		case 'j':
			fmt.Fprintf(&b, "%03d", t.YearDay())
		case 'k':
			fmt.Fprintf(&b, "%2d", t.Hour())
		case 'l':
			fmt.Fprintf(&b, "%2d", (t.Hour()+11)%12+1)
		case 'm':
			fmt.Fprintf(&b, "%02d", int(t.Month()))
		case 'M':
			fmt.Fprintf(&b, "%02d", t.Minute())
		case 'n':
			b.WriteByte('\n')
		case 'p':
			b.WriteString(t.Format("PM"))
		case 'r':
			b.WriteString(t.Format("03:04:05 PM"))
		case 'R':
			b.WriteString(t.Format("15:04"))
		case 's':
			b.WriteString(strconv.FormatInt(t.Unix(), 10))
		case 'S':
			fmt.Fprintf(&b, "%02d", t.Second())
		case 't':
			b.WriteByte('\t')
		case 'T':
			b.WriteString(t.Format("15:04:05"))
		case 'u':
			wd := int(t.Weekday())
			if wd == 0 {
				wd = 7
			}
			b.WriteString(strconv.Itoa(wd))
		case 'U':
			fmt.Fprintf(&b, "%02d", (t.YearDay()+6-int(t.Weekday()))/7)
		case 'V':
			_, w := t.ISOWeek()
			fmt.Fprintf(&b, "%02d", w)
		case 'w':
			b.WriteString(strconv.Itoa(int(t.Weekday())))
		case 'W':
			fmt.Fprintf(&b, "%02d", (t.YearDay()+6-(int(t.Weekday())+6)%7)/7)
		case 'x':
			b.WriteString(t.Format("01/02/06"))
		case 'X':
			b.WriteString(t.Format("15:04:05"))
		case 'y':
			fmt.Fprintf(&b, "%02d", t.Year()%100)
		case 'Y':
			fmt.Fprintf(&b, "%d", t.Year())
		case 'Z':
			b.WriteString(t.Format("-07"))
		case '%':
			b.WriteByte('%')
		default:
			b.WriteByte(f[i])
		}
	}
	return b.String()
}

func newTimeSpan(c cmdlet.Call) error {
	if c.ParameterSet() == "Time" || c.Bound("Days") || c.Bound("Hours") || c.Bound("Minutes") || c.Bound("Seconds") || c.Bound("Milliseconds") {
		d := time.Duration(c.Int("Days"))*24*time.Hour + time.Duration(c.Int("Hours"))*time.Hour +
			time.Duration(c.Int("Minutes"))*time.Minute + time.Duration(c.Int("Seconds"))*time.Second +
			time.Duration(c.Int("Milliseconds"))*time.Millisecond
		return c.Write(d)
	}
	now := c.Now()
	start, end := now, now
	if t, ok := c.Get("Start").(time.Time); ok {
		start = t
	}
	if t, ok := c.Get("End").(time.Time); ok {
		end = t
	}
	return c.Write(end.Sub(start))
}

func startSleep(c cmdlet.Call) error {
	var d time.Duration
	switch {
	case c.Bound("Milliseconds"):
		d = time.Duration(c.Int("Milliseconds")) * time.Millisecond
	case c.Bound("Duration"):
		d, _ = c.Get("Duration").(time.Duration)
	default:
		f, _ := value.Convert(c.Get("Seconds"), "double")
		secs, _ := f.(float64)
		d = time.Duration(secs * float64(time.Second))
	}
	if d <= 0 {
		return nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-c.Context().Done():
		return interp.NewError("PipelineStopped", "OperationStopped", nil, "The pipeline has been stopped.")
	}
}
