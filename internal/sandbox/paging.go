package sandbox

import (
	"net/http"
	"net/url"
	"strconv"
)

// page picks the slice of a list of total items for this request: the
// offset comes from the "start" query parameter, the size is pageSize
// lowered by an optional "max". next is the offset of the following page,
// or -1 on the last page.
func page(r *http.Request, total, pageSize int) (from, to, next int, err *apiError) {
	q := r.URL.Query()
	size := pageSize
	if s := q.Get("max"); s != "" {
		n, convErr := strconv.Atoi(s)
		if convErr != nil || n < 1 {
			return 0, 0, 0, errorf(http.StatusBadRequest, "Invalid max parameter %q: expected a positive integer.", s)
		}
		size = min(size, n)
	}
	if s := q.Get("start"); s != "" {
		n, convErr := strconv.Atoi(s)
		if convErr != nil || n < 0 {
			return 0, 0, 0, errorf(http.StatusBadRequest, "Invalid start parameter %q: expected a non-negative integer.", s)
		}
		from = min(n, total)
	}
	to = from + min(size, total-from) // no overflow for an unlimited size
	next = -1
	if to < total {
		next = to
	}
	return from, to, next, nil
}

// setNextLink adds an RFC 5988 Link header pointing at the page starting at
// next: an absolute URL built from the request's Host and the path as
// received (vendor prefix included), other query parameters kept.
func setNextLink(w http.ResponseWriter, r *http.Request, next int) {
	if next < 0 {
		return
	}
	q := r.URL.Query()
	q.Set("start", strconv.Itoa(next))
	u := url.URL{Scheme: "http", Host: r.Host, RawQuery: q.Encode()}
	if r.TLS != nil {
		u.Scheme = "https"
	}
	path := infoOf(r).path
	if p, err := url.PathUnescape(path); err == nil {
		u.Path = p
		u.RawPath = path
	}
	w.Header().Set("Link", "<"+u.String()+`>; rel="next"`)
}
