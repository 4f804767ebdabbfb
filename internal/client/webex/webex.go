// Package webex is the typed Webex API used by the provider: partner
// administrators of customer organizations and Webex Calling
// executive-assistant settings.
package webex

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"sync/atomic"
	"time"

	"golang.org/x/oauth2"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/webexid"
)

// DefaultBaseURL is Webex's public API root.
const DefaultBaseURL = "https://webexapis.com"

// Vendor is the display name used in errors.
const Vendor = "Webex"

// Scopes named in 403 hints.
const (
	ScopeOrganizationsRead  = "spark-admin:organizations_read"
	ScopeOrganizationsWrite = "spark-admin:organizations_write"
	ScopePeopleRead         = "spark-admin:people_read"
	ScopePeopleWrite        = "spark-admin:people_write"
)

// Client is the Webex API.
type Client struct {
	http   *client.Client
	recent *recentLists
}

// TokenPath is the integration token endpoint below the base URL.
var TokenPath = []string{"v1", "access_token"}

// Config is what the provider passes in: AccessToken, or an integration's
// ClientID, ClientSecret and RefreshToken (the provider checks which).
type Config struct {
	BaseURL      string
	AccessToken  string
	ClientID     string
	ClientSecret string
	RefreshToken string
	UserAgent    string
	MaxRetries   int
	// Tune lets tests and benchmarks adjust the core options.
	Tune func(*client.Options)
}

// New builds a Webex client.
func New(cfg Config) (*Client, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	if err := ValidateBaseURL(cfg.BaseURL); err != nil {
		return nil, fmt.Errorf("webex: %w", err)
	}
	opts := client.Options{
		Vendor:          Vendor,
		BaseURL:         cfg.BaseURL,
		Token:           client.StaticToken(cfg.AccessToken),
		UserAgent:       cfg.UserAgent,
		RequestIDHeader: "TrackingID",
		RequestIDPrefix: "PARTNERADMIN_",
		DecodeError:     decodeError,
		Secrets:         []string{cfg.AccessToken},
		MaxRetries:      cfg.MaxRetries,
		// "Get My Own Details" answers any valid token, and sits at the same
		// root as every call here: its 2xx proves the base URL.
		RootCheck:       &client.Request{Operation: "verify the API root (get my own details)", Method: http.MethodGet, Path: []string{"v1", "people", "me"}},
		VendorErrorBody: isErrorBody,
		BaseURLSetting:  BaseURLSetting,
		UnauthorizedHint: "Check the Webex access token (provider attribute webex.access_token or WEBEX_ACCESS_TOKEN): it is missing, " +
			"invalid or expired. Webex personal tokens expire after 12 hours.",
	}
	if cfg.AccessToken == "" && cfg.RefreshToken != "" {
		base, err := client.ParseBaseURL(cfg.BaseURL)
		if err != nil {
			return nil, fmt.Errorf("webex: %w", err)
		}
		oc := &oauth2.Config{
			ClientID:     cfg.ClientID,
			ClientSecret: cfg.ClientSecret,
			Endpoint:     oauth2.Endpoint{TokenURL: client.JoinPath(base, TokenPath...).String(), AuthStyle: oauth2.AuthStyleInParams},
		}
		const cred = "the Webex integration (webex.client_id, webex.client_secret and webex.refresh_token, or WEBEX_CLIENT_ID, " +
			"WEBEX_CLIENT_SECRET and WEBEX_REFRESH_TOKEN)"
		if opts.Token, err = client.RefreshTokenSource(oc, cfg.RefreshToken,
			cred+": the refresh token may be expired (90 days unused) or revoked, or the secret rotated"); err != nil {
			return nil, fmt.Errorf("webex: %w", err)
		}
		opts.Secrets = []string{cfg.ClientSecret, cfg.RefreshToken}
		opts.UnauthorizedHint = "Check " + cred + ": Webex refused a token just obtained from it."
	}
	c, err := client.New(opts, cfg.Tune)
	if err != nil {
		return nil, fmt.Errorf("webex: %w", err)
	}
	return &Client{http: c, recent: newRecentLists()}, nil
}

// BaseURLSetting names where the base URL is configured, for errors.
const BaseURLSetting = "webex.base_url or WEBEX_BASE_URL (the API root is " + DefaultBaseURL + ", without /v1)"

// ValidateBaseURL checks a base URL: ParseBaseURL's rules, and no trailing
// /v1. Webex's docs write the root as https://webexapis.com/v1, but every
// path here already starts with /v1; a doubled /v1/v1 answers 404 to
// everything. Rejected rather than trimmed, so the configuration says what
// is really called.
func ValidateBaseURL(raw string) error { return client.ParseBaseURLWithoutV1(raw, Vendor) }

// isErrorBody reports Webex's error shape: a JSON object with a message and
// the trackingId Webex puts in every error body.
func isErrorBody(_ int, body []byte) bool {
	var b struct {
		Message    string `json:"message"`
		TrackingID string `json:"trackingId"`
	}
	return json.Unmarshal(body, &b) == nil && b.Message != "" && b.TrackingID != ""
}

// decodeError reads Webex's error body: message, errors[].description and
// errorCode, trackingId. Each field is read on its own, so one of an
// unexpected type (a number as a string, a description list, a body cut
// short) loses only itself.
func decodeError(e *client.APIError, body []byte) {
	b, ok := client.ParseErrorBody(body)
	if !ok {
		return // the core falls back to the raw text
	}
	e.Message = b.Text("message")
	detail := func(d string) {
		if d != "" && d != e.Message {
			e.Details = append(e.Details, d)
		}
	}
	for _, item := range b.Objects("errors") {
		detail(item.Text("description"))
		if e.Code == "" {
			e.Code = item.Text("errorCode")
		}
	}
	for _, d := range b.Texts("errors") { // errors as plain strings
		detail(d)
	}
	if code := b.Text("errorCode"); code != "" {
		e.Code = code
	}
	if id := b.Text("trackingId"); id != "" {
		e.RequestID = id
	}
}

// do sends req; a 403 names the scope and roles the operation needs.
func (c *Client) do(ctx context.Context, req client.Request, out any, scope, roles string) (*client.Response, error) {
	req.ForbiddenHint = fmt.Sprintf("The token is not allowed to do this. It needs the %s scope and must belong to %s.", scope, roles)
	return c.http.Do(ctx, req, out)
}

// PartnerAdmin is a partner administrator assigned to a customer organization.
type PartnerAdmin struct {
	ID                string   `json:"id"`
	DisplayName       string   `json:"displayName"`
	FirstName         string   `json:"firstName"`
	LastName          string   `json:"lastName"`
	Emails            []string `json:"emails"`
	RoleInCustomerOrg string   `json:"roleInCustomerOrg"`
}

// ManagedCustomer is one customer organization managed by a partner admin.
type ManagedCustomer struct {
	OrgID string `json:"orgId"`
	Role  string `json:"role"`
}

const partnerRoles = "a Partner Full Administrator"

// IsRefusal reports a 4xx answer that is the vendor's verdict on the request
// itself, not on the credentials (401, 403) or the pace (423, 429). Cisco
// lists 400, 404 and 409 for every partner-admin operation without saying
// which one means "already assigned" or "not assigned", so a caller reads
// the assignments back before deciding what a refusal means.
func IsRefusal(err error) bool {
	s := client.StatusOf(err)
	switch s {
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusLocked, http.StatusTooManyRequests:
		return false
	}
	return s >= 400 && s <= 499
}

// readBackDelay is how long after a write was written its read-back goes
// out. Sent at the same instant, the read is served first about half of
// the time (measured on the sandbox at 150 ms: 93 of 200 missed the write
// at 0, 6 at 1 ms, none at 3 ms), and a miss costs another round trip; a
// vendor's front ends reorder requests that close as well.
const readBackDelay = 5 * time.Millisecond

// AssignPartnerAdmin assigns a partner administrator to a customer org.
// Assigning one already assigned is refused (409 or 400, undocumented; see
// IsRefusal), including a retry whose first attempt's answer was lost.
//
// It also reads the customer's partner admins back (see writeReadBack):
// where Webex shows a write at once, that read lists the new admin,
// returned here, and an assign with its confirmation costs one round trip,
// not two. A nil admin with no error means that read did not list them,
// which proves nothing (it may have been served first, or before the write
// was visible): the caller reads again.
func (c *Client) AssignPartnerAdmin(ctx context.Context, orgID, personID string) (*PartnerAdmin, error) {
	admins, ok, err := c.writeReadBack(ctx, orgID, client.Request{
		Operation: "assign partner admin",
		Method:    http.MethodPost,
		Path:      []string{"v1", "partner", "organizations", orgID, "partnerAdmin", personID, "assign"},
	})
	c.recent.wrote(orgID, personID, true, err)
	if err != nil || !ok {
		return nil, err
	}
	return FindAdmin(admins, personID), nil
}

// UnassignPartnerAdmin removes a partner administrator from a customer org.
// Unassigning one not assigned is refused (404 or 400, see IsRefusal). It
// never calls the endpoint that revokes every partner role of a person.
// gone reports that the read sent with it (see writeReadBack) no longer
// listed them; false proves nothing, and the caller reads again.
func (c *Client) UnassignPartnerAdmin(ctx context.Context, orgID, personID string) (gone bool, err error) {
	admins, ok, err := c.writeReadBack(ctx, orgID, client.Request{
		Operation: "unassign partner admin",
		Method:    http.MethodDelete,
		Path:      []string{"v1", "partner", "organizations", orgID, "partnerAdmin", personID, "unassign"},
	})
	c.recent.wrote(orgID, personID, false, err)
	if err != nil || !ok {
		return false, err
	}
	return FindAdmin(admins, personID) == nil, nil
}

// writeReadBack sends a write to a customer's partner admins and, just
// after it has been written (readBackDelay), a fresh read of that list,
// rather than after the write's answer. It returns the write's error and,
// when the write succeeded, the list that read returned (ok false if the
// read failed).
func (c *Client) writeReadBack(ctx context.Context, orgID string, req client.Request) (admins []PartnerAdmin, ok bool, err error) {
	readCtx, cancelRead := context.WithCancel(client.WithFreshReads(ctx))
	defer cancelRead()
	type listed struct {
		admins []PartnerAdmin
		err    error
	}
	readBack := make(chan listed, 1)
	var fired atomic.Bool
	// Both lists change: the customer's partner admins and the person's customers.
	req.CacheParent = orgCacheKey(orgID)
	req.Written = func() {
		fired.Store(true)
		go func() {
			wait := time.NewTimer(readBackDelay)
			defer wait.Stop()
			select {
			case <-wait.C:
			case <-readCtx.Done():
				readBack <- listed{err: readCtx.Err()}
				return
			}
			admins, err := c.ListCustomerPartnerAdmins(readCtx, orgID)
			readBack <- listed{admins, err}
		}()
	}
	_, err = c.do(ctx, req, nil, ScopeOrganizationsWrite, partnerRoles)
	if !fired.Load() {
		return nil, false, err
	}
	if err != nil {
		cancelRead() // no use for it; but it ends before this call does
	}
	l := <-readBack
	if err != nil {
		return nil, false, err
	}
	return l.admins, l.err == nil, nil
}

// FindAdmin returns the person among admins, or nil. IDs are compared by
// type and UUID: Webex may return another encoding.
func FindAdmin(admins []PartnerAdmin, personID string) *PartnerAdmin {
	for i := range admins {
		if webexid.Equal(admins[i].ID, personID) {
			return &admins[i]
		}
	}
	return nil
}

// ListCustomerPartnerAdmins lists the partner administrators assigned to a
// customer org, following Link rel="next" pages.
// A fresh read (client.WithFreshReads) is remembered for IsAssigned.
func (c *Client) ListCustomerPartnerAdmins(ctx context.Context, orgID string) ([]PartnerAdmin, error) {
	if !client.ReadsFresh(ctx) {
		return client.Collect(c.CustomerPartnerAdmins(ctx, orgID))
	}
	asked := c.recent.now()
	admins, err := client.Collect(c.CustomerPartnerAdmins(ctx, orgID))
	if err == nil {
		c.recent.saw(orgID, asked, admins)
	}
	return admins, err
}

// CustomerPartnerAdmins yields the partner administrators assigned to a
// customer org, fetching each page only when the consumer asks for more.
func (c *Client) CustomerPartnerAdmins(ctx context.Context, orgID string) iter.Seq2[PartnerAdmin, error] {
	return pages[PartnerAdmin](ctx, c, client.Request{
		Operation: "list partner admins of customer",
		Method:    http.MethodGet,
		Path:      []string{"v1", "partner", "organizations", orgID, "partnerAdmins"},
		// N assignments under one customer are refreshed with one list per page.
		CacheParent: orgCacheKey(orgID),
	}, ScopeOrganizationsRead, partnerRoles)
}

// ListManagedCustomers lists the customer orgs a partner admin manages.
func (c *Client) ListManagedCustomers(ctx context.Context, personID string) ([]ManagedCustomer, error) {
	return client.Collect(c.ManagedCustomers(ctx, personID))
}

// ManagedCustomers yields the customer orgs a partner admin manages, page by
// page on demand.
func (c *Client) ManagedCustomers(ctx context.Context, personID string) iter.Seq2[ManagedCustomer, error] {
	return pages[ManagedCustomer](ctx, c, client.Request{
		Operation: "list customers managed by partner admin",
		Method:    http.MethodGet,
		Path:      []string{"v1", "partner", "organizations"},
		Query:     url.Values{"managedBy": {personID}},
	}, ScopeOrganizationsRead, "a Partner Full or Read-only Administrator")
}

// pages follows Webex's Link pages, bounded by client.MaxPages, and stops
// requesting as soon as the consumer stops.
func pages[T any](ctx context.Context, c *Client, req client.Request, scope, roles string) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		for range client.MaxPages {
			var page struct {
				Items []T `json:"items"`
			}
			resp, err := c.do(ctx, req, &page, scope, roles)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, item := range page.Items {
				if !yield(item, nil) {
					return
				}
			}
			next := client.NextLink(resp.Header)
			if next == "" {
				return
			}
			req = client.Request{Operation: req.Operation, Method: req.Method, URL: next, CacheParent: req.CacheParent}
		}
		yield(zero, fmt.Errorf("webex: %s: more than %d pages", req.Operation, client.MaxPages))
	}
}

// Executive-assistant types known today; Webex may add more.
const (
	ExecutiveAssistantUnassigned = "UNASSIGNED"
	ExecutiveAssistantExecutive  = "EXECUTIVE"
	ExecutiveAssistantAssistant  = "EXECUTIVE_ASSISTANT"
)

// ExecutiveAssistantTypes lists the known values.
var ExecutiveAssistantTypes = []string{ExecutiveAssistantUnassigned, ExecutiveAssistantExecutive, ExecutiveAssistantAssistant}

// IsNotCallingUser reports the executive-assistant endpoints' 400, which is
// what Webex answers for a person without a Webex Calling license.
func IsNotCallingUser(err error) bool {
	return client.StatusOf(err) == http.StatusBadRequest
}

// ExecutiveAssistant is a person's executive-assistant setting.
type ExecutiveAssistant struct {
	Type string `json:"type"`
}

const peopleRoles = "a full, user, read-only or location administrator (for another organization, a partner administrator of it)"

func executiveAssistantRequest(personID, orgID string) client.Request {
	req := client.Request{Path: []string{"v1", "people", personID, "features", "executiveAssistant"}}
	if orgID != "" {
		req.Query = url.Values{"orgId": {orgID}}
	}
	return req
}

// GetExecutiveAssistant reads a person's executive-assistant type. orgID is
// optional (partners reading a customer's person).
func (c *Client) GetExecutiveAssistant(ctx context.Context, personID, orgID string) (ExecutiveAssistant, error) {
	req := executiveAssistantRequest(personID, orgID)
	req.Operation, req.Method = "read executive assistant settings", http.MethodGet
	var out ExecutiveAssistant
	_, err := c.do(ctx, req, &out, ScopePeopleRead, peopleRoles)
	return out, err
}

// SetExecutiveAssistant sets a person's executive-assistant type.
func (c *Client) SetExecutiveAssistant(ctx context.Context, personID, orgID, typ string) error {
	req := executiveAssistantRequest(personID, orgID)
	req.Operation, req.Method = "modify executive assistant settings", http.MethodPut
	req.Body = ExecutiveAssistant{Type: typ}
	_, err := c.do(ctx, req, nil, ScopePeopleWrite, "a full, user or location administrator")
	return err
}

// orgCacheKey names a customer org in the read cache by its decoded UUID, so
// every encoding of the same ID shares one entry.
func orgCacheKey(orgID string) string {
	if id, err := webexid.Parse(orgID); err == nil {
		return "org/" + id.Key()
	}
	return "org/" + orgID
}
