// Package bluexp is the typed NetApp BlueXP (NetApp Console) IAM v4 API used
// by the provider: the ResourceAdmin and UserAdmin roles of partnerships.
package bluexp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
)

// Defaults.
const (
	DefaultBaseURL  = "https://api.bluexp.netapp.com/v1/management"
	DefaultTokenURL = "https://netapp-cloud-account.auth0.com/oauth/token"
	// DefaultAudience is the Auth0 audience of the BlueXP API.
	DefaultAudience = "https://api.cloud.netapp.com"
	// RefreshClientID is the Auth0 client id used with user refresh tokens;
	// NetApp documents it as the same for every customer.
	RefreshClientID = "Mu0V1ywgYteI6w1MbD15fKfVIUrNXGWC"
	// DefaultPageSize is the limit asked for per list page.
	DefaultPageSize = 100
)

// Vendor is the display name used in errors.
const Vendor = "BlueXP"

// Body type and version of an add request.
const (
	UserBulkType    = "application/vnd.netapp.bxp.userbulk"
	UserBulkVersion = "1.0"
)

// Client is the BlueXP API.
type Client struct {
	http     *client.Client
	pageSize int
	auth     string // names the credential in 401 hints
}

// Config is what the provider passes in. Exactly one of AccessToken,
// ClientID+ClientSecret or RefreshToken is expected; the provider checks.
type Config struct {
	BaseURL      string
	TokenURL     string
	AccessToken  string
	ClientID     string
	ClientSecret string
	RefreshToken string
	UserAgent    string
	MaxRetries   int
	PageSize     int
	// HTTPClient, when set, is used for token requests too (tests).
	HTTPClient *http.Client
	// Tune lets tests adjust the core options.
	Tune func(*client.Options)
}

// New builds a BlueXP client.
func New(cfg Config) (*Client, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	if cfg.TokenURL == "" {
		cfg.TokenURL = DefaultTokenURL
	}
	if err := ValidateBaseURL(cfg.BaseURL); err != nil {
		return nil, fmt.Errorf("bluexp: %w", err)
	}
	opts := client.Options{
		Vendor:  Vendor,
		BaseURL: cfg.BaseURL,
		// "List all partnerships" is documented at the same root as the
		// ResourceAdmins calls, and does not depend on the partnership a
		// 404 is about: its 2xx proves the base URL.
		RootCheck: &client.Request{Operation: "verify the API root (list partnerships)", Method: http.MethodGet,
			Path: []string{"partnerships"}, Query: url.Values{"limit": {"1"}}},
		VendorErrorBody: isProblem,
		BaseURLSetting:  BaseURLSetting,
		UserAgent:       cfg.UserAgent,
		RequestIDHeader: "X-Correlation-Id",
		DecodeError:     decodeError,
		MaxRetries:      cfg.MaxRetries,
		HTTPClient:      cfg.HTTPClient,
	}
	c := &Client{pageSize: cfg.PageSize}
	if c.pageSize <= 0 {
		c.pageSize = DefaultPageSize
	}
	var err error
	switch {
	case cfg.AccessToken != "":
		opts.Token = client.StaticToken(cfg.AccessToken)
		opts.Secrets = []string{cfg.AccessToken}
		c.auth = "the BlueXP access token (bluexp.access_token or BLUEXP_ACCESS_TOKEN): it is missing, invalid or expired"
	case cfg.ClientID != "" || cfg.ClientSecret != "":
		cc := &clientcredentials.Config{
			ClientID:       cfg.ClientID,
			ClientSecret:   cfg.ClientSecret,
			TokenURL:       cfg.TokenURL,
			EndpointParams: url.Values{"audience": {DefaultAudience}},
			AuthStyle:      oauth2.AuthStyleInParams,
		}
		c.auth = "the BlueXP service account (bluexp.client_id and bluexp.client_secret, or BLUEXP_CLIENT_ID and BLUEXP_CLIENT_SECRET)"
		var ts *client.RefreshableTokenSource
		if ts, err = client.ClientCredentialsSource(cc, c.auth+" and bluexp.token_url (BLUEXP_TOKEN_URL)"); err == nil {
			opts.Token = ts.OnRefused(RefusedServiceAccount)
		}
		opts.Secrets = []string{cfg.ClientSecret}
	case cfg.RefreshToken != "":
		oc := &oauth2.Config{
			ClientID: RefreshClientID,
			Endpoint: oauth2.Endpoint{TokenURL: cfg.TokenURL, AuthStyle: oauth2.AuthStyleInParams},
		}
		c.auth = "the BlueXP refresh token (bluexp.refresh_token or BLUEXP_REFRESH_TOKEN): it may be revoked or expired"
		opts.Token, err = client.RefreshTokenSource(oc, cfg.RefreshToken, c.auth+"; and bluexp.token_url (BLUEXP_TOKEN_URL)")
		opts.Secrets = []string{cfg.RefreshToken}
	default:
		return nil, fmt.Errorf("bluexp: no credentials: set an access token, a client id and secret, or a refresh token")
	}
	if err != nil {
		return nil, fmt.Errorf("bluexp: %w", err)
	}
	opts.UnauthorizedHint = "Check " + c.auth + "."
	opts.ForbiddenHint = "The credential is not allowed to do this: it must belong to a user or service account with the " +
		"Organization admin (or Partnership admin) role in the partnership's source organization."
	hc, err := client.New(opts, cfg.Tune)
	if err != nil {
		return nil, fmt.Errorf("bluexp: %w", err)
	}
	c.http = hc
	return c, nil
}

// RefusedServiceAccount is what to check when the token endpoint refuses
// the service account: most often a wrong or rotated secret.
const RefusedServiceAccount = "The token endpoint refused the BlueXP service account: check bluexp.client_secret " +
	"(BLUEXP_CLIENT_SECRET), which may be incorrect or reset in the BlueXP console, and bluexp.client_id (BLUEXP_CLIENT_ID)"

// BaseURLSetting names where the base URL is configured, for errors.
const BaseURLSetting = "bluexp.base_url or BLUEXP_BASE_URL (the API root is " + DefaultBaseURL + ")"

// ValidateBaseURL checks a base URL: ParseBaseURL's rules, and not the API
// path twice ("…/v1/management/v1/management"), which answers 404 to
// everything.
func ValidateBaseURL(raw string) error {
	u, err := client.ParseBaseURL(raw)
	if err != nil {
		return err
	}
	const apiPath = "/v1/management"
	if p := strings.ToLower(strings.TrimRight(u.Path, "/")); strings.Count(p, apiPath) > 1 {
		return fmt.Errorf("base URL %q has %s twice; the API root ends in a single %s (for example %q)", raw, apiPath, apiPath, DefaultBaseURL)
	}
	return nil
}

// isProblem reports BlueXP's problem shape: a JSON object with the type,
// title and status NetApp documents as required.
func isProblem(_ int, body []byte) bool {
	var p Problem
	return json.Unmarshal(body, &p) == nil && p.Type != "" && p.Title != "" && p.Status != nil
}

// Problem is BlueXP's RFC 7807 error body; status is a string.
type Problem struct {
	Type          string `json:"type"`
	Title         string `json:"title"`
	Status        any    `json:"status"`
	Detail        string `json:"detail"`
	CorrelationID string `json:"correlationId"`
	InvalidParams []struct {
		Name   string `json:"name"`
		Reason string `json:"reason"`
	} `json:"invalidParams"`
}

// decodeError reads BlueXP's RFC 7807 problem body: title, detail, type,
// correlationId and invalidParams[].name/reason. Each field is read on its
// own (status is documented as a string and may come as a number), so one
// of an unexpected type loses only itself.
func decodeError(e *client.APIError, body []byte) {
	p, ok := client.ParseErrorBody(body)
	if !ok {
		return
	}
	title, detail := p.Text("title"), p.Text("detail")
	switch {
	case title != "" && detail != "" && detail != title:
		e.Message = title + ": " + detail
	case title != "":
		e.Message = title
	default:
		e.Message = detail
	}
	for _, ip := range p.Objects("invalidParams") {
		name, reason := ip.Text("name"), ip.Text("reason")
		switch {
		case name != "" && reason != "":
			e.Details = append(e.Details, name+": "+reason)
		case name != "" || reason != "":
			e.Details = append(e.Details, name+reason)
		}
	}
	e.Details = append(e.Details, p.Texts("invalidParams")...) // as plain strings
	e.Code = p.Text("type")
	if id := p.Text("correlationId"); id != "" {
		e.RequestID = id
	}
}

// UserRef names a user in an add request by exactly one field.
type UserRef struct {
	UserID  string `json:"userId,omitempty"`
	Auth0ID string `json:"auth0Id,omitempty"`
	EmailID string `json:"emailId,omitempty"`
	AADID   string `json:"aadId,omitempty"`
}

// User is a member of the ResourceAdmin role, as NetApp documents the user
// object (tenancyv4/get-partnerships-resourceadmins.adoc, get-users-.adoc).
// It has no email field: a user added by emailId cannot be recognised by its
// address afterwards, only by the ID it got (see the provider).
type User struct {
	ID       string `json:"id"`
	Name     string `json:"name"` // a display name anyone can set: never an identifier
	Auth0ID  string `json:"auth0Id"`
	AADID    string `json:"aadId"`
	State    string `json:"state"`
	UserType string `json:"userType"`
	// OwnerOrganizationID is the organization that owns the user (required
	// in NetApp's user object).
	OwnerOrganizationID string `json:"ownerOrganizationId"`
}

// SameAuth0ID reports whether two Auth0 IDs name the same user. NetApp's own
// examples give one user's ID as "auth0|5a09…" (add body), a bare "KBX6…"
// (list) and "waad|KBX6…" (get one): the "<connection>|" prefix may be left
// out, so a bare ID equals any prefixed ID with the same rest. Two prefixed
// IDs must be equal, since a connection is part of an Auth0 user's identity.
func SameAuth0ID(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	if a == b {
		return true
	}
	_, ra, pa := strings.Cut(a, "|")
	_, rb, pb := strings.Cut(b, "|")
	switch {
	case pa && !pb:
		return ra == b
	case pb && !pa:
		return rb == a
	}
	return false
}

// Auth0IDRest is an Auth0 ID without its "<connection>|" prefix: IDs that
// SameAuth0ID calls equal have the same rest.
func Auth0IDRest(id string) string {
	if _, rest, ok := strings.Cut(id, "|"); ok {
		return rest
	}
	return id
}

type addBody struct {
	Type        string    `json:"type"`
	Version     string    `json:"version"`
	Description string    `json:"description,omitempty"`
	Users       []UserRef `json:"users"`
}

func cacheKey(partnershipID string) string { return "partnership/" + strings.ToLower(partnershipID) }

// Role is a partnership role whose members BlueXP manages through one
// collection below /partnerships/{partnership_id}: add (POST, many users),
// list, get one and remove one (DELETE). NetApp documents the same request
// and response shapes for each (tenancyv4/*-partnerships-resourceadmins*.adoc,
// *-partnerships-useradmins*.adoc).
type Role struct {
	path string // the collection: "resourceadmins"
	noun string // one member, in operation names: "resource admin"
}

// The roles of a partnership.
var (
	ResourceAdmin = Role{path: "resourceadmins", noun: "resource admin"}
	UserAdmin     = Role{path: "useradmins", noun: "user admin"}
)

// String is the role's collection name, as in the API path.
func (r Role) String() string { return r.path }

func adminsPath(role Role, partnershipID string, rest ...string) []string {
	return append([]string{"partnerships", partnershipID, role.path}, rest...)
}

// AddAdmins adds users to the role with one request. BlueXP answers 202:
// the change is asynchronous, confirm by reading back. A 409 can mean a user
// already holds the role, or that another operation is in progress.
func (c *Client) AddAdmins(ctx context.Context, role Role, partnershipID, description string, users []UserRef) error {
	_, err := c.http.Do(ctx, client.Request{
		Operation:   "add " + role.noun + "s",
		Method:      http.MethodPost,
		Path:        adminsPath(role, partnershipID),
		Body:        addBody{Type: UserBulkType, Version: UserBulkVersion, Description: description, Users: users},
		CacheParent: cacheKey(partnershipID),
	}, nil)
	nameUsers(err, users)
	return err
}

// bodyUserRE matches an invalidParams name that points into the request
// body's users list: "users[2]", "users[2].emailId".
var bodyUserRE = regexp.MustCompile(`^users\[(\d+)\]((?:\.\w+)*)`)

// nameUsers rewrites the invalidParams of an add's error that name a user
// by its place in the request body ("users[2]: no such user"), which the
// user never wrote, to name it by the value it was sent with
// ("email a@example.com: no such user").
func nameUsers(err error, users []UserRef) {
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) {
		return
	}
	for i, d := range apiErr.Details {
		m := bodyUserRE.FindStringSubmatchIndex(d)
		if m == nil {
			continue
		}
		n, convErr := strconv.Atoi(d[m[2]:m[3]])
		if convErr != nil || n >= len(users) {
			continue
		}
		name := users[n].String()
		if field := strings.TrimPrefix(d[m[4]:m[5]], "."); field != "" {
			name += " (" + field + ")"
		}
		apiErr.Details[i] = name + d[m[1]:]
	}
}

// String names a user by the one field it is given by.
func (u UserRef) String() string {
	switch {
	case u.UserID != "":
		return "user ID " + u.UserID
	case u.EmailID != "":
		return "email " + u.EmailID
	case u.Auth0ID != "":
		return "Auth0 ID " + u.Auth0ID
	case u.AADID != "":
		return "AAD ID " + u.AADID
	}
	return "a user with no identifier"
}

// RemoveAdmin removes one user from the role.
func (c *Client) RemoveAdmin(ctx context.Context, role Role, partnershipID, userID string) error {
	_, err := c.http.Do(ctx, client.Request{
		Operation:   "remove " + role.noun,
		Method:      http.MethodDelete,
		Path:        adminsPath(role, partnershipID, userID),
		CacheParent: cacheKey(partnershipID),
	}, nil)
	return err
}

// AddResourceAdmins is AddAdmins for the ResourceAdmin role.
func (c *Client) AddResourceAdmins(ctx context.Context, partnershipID, description string, users []UserRef) error {
	return c.AddAdmins(ctx, ResourceAdmin, partnershipID, description, users)
}

// RemoveResourceAdmin is RemoveAdmin for the ResourceAdmin role.
func (c *Client) RemoveResourceAdmin(ctx context.Context, partnershipID, userID string) error {
	return c.RemoveAdmin(ctx, ResourceAdmin, partnershipID, userID)
}

// Partnership is the part of NetApp's partnership object
// (tenancyv4/get-partnerships-.adoc) the provider reads.
type Partnership struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	State string `json:"state"`
}

// GetPartnership reads one partnership. Its 404 is where BlueXP says a
// partnership does not exist: the ResourceAdmins list documents no 404.
func (c *Client) GetPartnership(ctx context.Context, partnershipID string) (Partnership, error) {
	var p Partnership
	_, err := c.http.Do(ctx, client.Request{
		Operation: "read partnership",
		Method:    http.MethodGet,
		Path:      []string{"partnerships", partnershipID},
	}, &p)
	return p, err
}

// MayMeanPartnershipGone reports a refusal of a partnership's role members
// list that an unknown partnership can cause (403, or a 404): only
// GetPartnership can say whether it is gone.
func MayMeanPartnershipGone(err error) bool {
	s := client.StatusOf(err)
	return s == http.StatusForbidden || s == http.StatusNotFound
}

// GetAdmin reads one member of the role; a 404 means not a member (or no
// such partnership).
func (c *Client) GetAdmin(ctx context.Context, role Role, partnershipID, userID string) (User, error) {
	var u User
	_, err := c.http.Do(ctx, client.Request{
		Operation: "read " + role.noun,
		Method:    http.MethodGet,
		Path:      adminsPath(role, partnershipID, userID),
	}, &u)
	return u, err
}

// GetResourceAdmin is GetAdmin for the ResourceAdmin role.
func (c *Client) GetResourceAdmin(ctx context.Context, partnershipID, userID string) (User, error) {
	return c.GetAdmin(ctx, ResourceAdmin, partnershipID, userID)
}

// listPage is one page of a list. Where the continue token sits is left
// open by NetApp: the parameter is documented as "Continue Token from
// Collection Metadata", while the example response has it at the top level.
// Both are read.
type listPage struct {
	Items    []User `json:"items"`
	Count    any    `json:"count"`
	Continue string `json:"continue"`
	Metadata struct {
		Continue string `json:"continue"`
	} `json:"metadata"`
}

func (p listPage) next() string {
	if p.Continue != "" {
		return p.Continue
	}
	return p.Metadata.Continue
}

// ListAdmins lists every member of the role, page by page (limit +
// continue). Pages are shared through the read cache, so many reads of one
// partnership cost one request per page.
func (c *Client) ListAdmins(ctx context.Context, role Role, partnershipID string) ([]User, error) {
	return client.Collect(c.Admins(ctx, role, partnershipID))
}

// Admins yields every member of the role, fetching each page (through the
// read cache) only when the consumer asks for more.
func (c *Client) Admins(ctx context.Context, role Role, partnershipID string) iter.Seq2[User, error] {
	return c.pages(ctx, role, partnershipID, cacheKey(partnershipID))
}

// ListResourceAdmins is ListAdmins for the ResourceAdmin role.
func (c *Client) ListResourceAdmins(ctx context.Context, partnershipID string) ([]User, error) {
	return c.ListAdmins(ctx, ResourceAdmin, partnershipID)
}

// ListResourceAdminsUncached lists every ResourceAdmin bypassing the read
// cache (client.WithFreshReads does the same for any call).
func (c *Client) ListResourceAdminsUncached(ctx context.Context, partnershipID string) ([]User, error) {
	return client.Collect(c.pages(ctx, ResourceAdmin, partnershipID, ""))
}

// ResourceAdmins is Admins for the ResourceAdmin role.
func (c *Client) ResourceAdmins(ctx context.Context, partnershipID string) iter.Seq2[User, error] {
	return c.Admins(ctx, ResourceAdmin, partnershipID)
}

func (c *Client) pages(ctx context.Context, role Role, partnershipID, cacheParent string) iter.Seq2[User, error] {
	return func(yield func(User, error) bool) {
		token := ""
		for range client.MaxPages {
			q := url.Values{"limit": {strconv.Itoa(c.pageSize)}}
			if token != "" {
				q.Set("continue", token)
			}
			var page listPage
			if _, err := c.http.Do(ctx, client.Request{
				Operation:   "list " + role.noun + "s",
				Method:      http.MethodGet,
				Path:        adminsPath(role, partnershipID),
				Query:       q,
				CacheParent: cacheParent,
			}, &page); err != nil {
				yield(User{}, err)
				return
			}
			for _, u := range page.Items {
				if !yield(u, nil) {
					return
				}
			}
			next := page.next()
			if next == "" || next == token {
				return
			}
			token = next
		}
		yield(User{}, fmt.Errorf("bluexp: list %ss: more than %d pages", role.noun, client.MaxPages))
	}
}
