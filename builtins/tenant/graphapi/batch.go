package graphapi

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
)

// maxBatch is how many requests one $batch may hold.
const maxBatch = 20

// batchStep is one request of a $batch.
type batchStep struct {
	ID        string            `json:"id"`
	Method    string            `json:"method"`
	URL       string            `json:"url"`
	Headers   map[string]string `json:"headers"`
	Body      json.RawMessage   `json:"body"`
	DependsOn []string          `json:"dependsOn"`
}

func errBatchFormat() *apiError { return errBadRequest("Invalid batch payload format.") }

// parseBatch reads and checks a $batch body: at most 20 requests with
// unique ids, each with a method and a URL, a Content-Type for a body, and
// dependencies on requests of the batch that do not go round in a circle.
// It returns the requests in the order they run.
func parseBatch(body []byte) ([]batchStep, error) {
	var in struct {
		Requests []batchStep `json:"requests"`
	}
	if err := json.Unmarshal(body, &in); err != nil || len(in.Requests) == 0 {
		return nil, errBatchFormat()
	}
	if len(in.Requests) > maxBatch {
		return nil, errBadRequest("Number of batch request steps exceeds the maximum value of %d.", maxBatch)
	}
	seen := map[string]bool{}
	for _, s := range in.Requests {
		key := strings.ToLower(s.ID)
		switch {
		case s.ID == "" || s.Method == "" || s.URL == "":
			return nil, errBatchFormat()
		case seen[key]:
			return nil, errBadRequest("Batch request ids must be unique: '%s' is used more than once.", s.ID)
		case len(s.Body) > 0 && string(s.Body) != "null" && contentType(s.Headers) == "":
			return nil, errBadRequest("Write request id : %s does not contain Content-Type header or body.", s.ID)
		}
		seen[key] = true
	}
	for _, s := range in.Requests {
		for _, d := range s.DependsOn {
			if !seen[strings.ToLower(d)] {
				return nil, errBadRequest("Request '%s' depends on '%s', which is not in the batch.", s.ID, d)
			}
		}
	}
	// Run each request as soon as those it depends on have run, otherwise
	// in the order given.
	var order []batchStep
	done := map[string]bool{}
	for len(order) < len(in.Requests) {
		next := slices.IndexFunc(in.Requests, func(s batchStep) bool {
			return !done[strings.ToLower(s.ID)] && !slices.ContainsFunc(s.DependsOn, func(d string) bool { return !done[strings.ToLower(d)] })
		})
		if next < 0 {
			return nil, errBadRequest("The requests of the batch depend on each other in a circle.")
		}
		done[strings.ToLower(in.Requests[next].ID)] = true
		order = append(order, in.Requests[next])
	}
	return order, nil
}

func contentType(h map[string]string) string {
	for k, v := range h {
		if strings.EqualFold(k, "Content-Type") {
			return v
		}
	}
	return ""
}

// batch runs up to 20 requests, each as its own Graph request of the same
// caller, checked and throttled one by one as Graph does. A request whose
// dependency failed is not run and answers 424.
func (a *API) batch(ctx context.Context, req *request, _ []string) (*reply, error) {
	steps, err := parseBatch(req.body)
	if err != nil {
		return nil, err
	}
	status := map[string]int{}
	responses := make([]object, 0, len(steps))
	for _, s := range steps {
		rep := a.step(ctx, req, s, status)
		status[strings.ToLower(s.ID)] = rep.status
		hdr := object{{"Cache-Control", "no-cache"}}
		keys := make([]string, 0, len(rep.header))
		for k := range rep.header {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			hdr = append(hdr, member{k, rep.header[k][0]})
		}
		switch rep.body.(type) {
		case nil:
		case string:
			hdr = append(hdr, member{"Content-Type", "text/plain"})
		default:
			if rep.status < 300 {
				hdr = append(hdr, member{"OData-Version", "4.0"}, member{"Content-Type", odataContentType})
			} else {
				hdr = append(hdr, member{"Content-Type", "application/json"})
			}
		}
		o := object{{"id", s.ID}, {"status", rep.status}, {"headers", hdr}}
		if rep.body != nil {
			o = append(o, member{"body", rep.body})
		}
		responses = append(responses, o)
	}
	return &reply{status: http.StatusOK, body: object{{"responses", responses}}}, nil
}

// step runs one request of a batch.
func (a *API) step(ctx context.Context, outer *request, s batchStep, status map[string]int) *reply {
	sub := &request{method: strings.ToUpper(s.Method), header: http.Header{}, who: outer.who, base: outer.base, ids: outer.ids}
	for _, d := range s.DependsOn {
		if status[strings.ToLower(d)] >= 400 {
			return a.errorReply(ctx, newAPIError(http.StatusFailedDependency, "FailedDependency",
				"Request '%s' was not run because request '%s', which it depends on, failed.", s.ID, d), sub)
		}
	}
	for k, v := range s.Headers {
		sub.header.Set(k, v)
	}
	raw := strings.TrimPrefix(strings.TrimSpace(s.URL), outer.base)
	raw = strings.TrimPrefix(strings.TrimPrefix(raw, "/"), "v1.0/")
	u, err := url.Parse("/" + raw)
	if err == nil {
		sub.query, err = url.ParseQuery(u.RawQuery)
	}
	if err != nil {
		return a.errorReply(ctx, errBadRequest("The URL '%s' of request '%s' is not valid.", s.URL, s.ID), sub)
	}
	sub.path = u.EscapedPath()
	if segs, _ := segments(sub.path); len(segs) > 0 && segs[0] == "$batch" {
		return a.errorReply(ctx, errBadRequest("A batch may not contain another batch."), sub)
	}
	if len(s.Body) > 0 && string(s.Body) != "null" {
		sub.body = s.Body
	}
	return a.do(ctx, sub)
}
