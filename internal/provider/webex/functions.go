package webex

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/shared"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/webexid"
)

// Control Hub shows organizations and people by their bare UUID, while the
// API (and so every resource here) wants the base64 Webex ID. These two
// functions convert between the forms with the same rules (internal/webexid)
// the resources validate and compare IDs by, so an ID built here is always
// one the resources accept.

var (
	_ function.Function = idFunction{}
	_ function.Function = uuidFunction{}
)

// idKinds are the object types webex_id builds: the ones the resources take.
var idKinds = []string{webexid.TypePeople, webexid.TypeOrganization}

// idCluster is the cluster segment of the IDs webex_id builds: the form of
// every example ID in Cisco's API reference. The resources compare IDs by
// type and UUID, so a regional form Webex returns for the same object
// matches it.
const idCluster = "us"

// exampleUUID is the organization UUID of Cisco's API reference examples.
const exampleUUID = "96abc2aa-3dcc-11e5-a152-fe34819cdc9a"

// NewIDFunction returns provider::partneradmin::webex_id.
func NewIDFunction() function.Function { return idFunction{} }

type idFunction struct{}

func (idFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "webex_id"
}

func (idFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Builds a Webex ID from the UUID that Control Hub shows",
		MarkdownDescription: "Returns the Webex ID (base64 of `ciscospark://us/<kind>/<uuid>`, without `=` padding, as the " +
			"Webex API writes it) of the person or organization whose UUID Control Hub shows, for the `org_id` and " +
			"`person_id` arguments of the `partneradmin_webex_*` resources, which accept only Webex IDs. The UUID is " +
			"written in lower case. The ID names the same object as any other encoding Webex returns for it (a regional " +
			"cluster such as `urn:TEAM:eu-central-1_k`, `=` padding): the resources compare IDs by type and UUID.",
		Parameters: []function.Parameter{
			function.StringParameter{
				Name: "kind",
				MarkdownDescription: "The object type, written as in Webex IDs: `PEOPLE` (a person, for `person_id`) or " +
					"`ORGANIZATION` (an organization, for `org_id`). Upper case only: `people` is refused.",
			},
			function.StringParameter{
				Name: "uuid",
				MarkdownDescription: "The object's UUID as Control Hub shows it, e.g. `" + exampleUUID + "` (any letter " +
					"case; no spaces, braces or other characters around it).",
			},
		},
		Return: function.StringReturn{},
	}
}

// Error texts end without a period, as the CLI prints them inside a
// sentence of its own that ends in one: Invalid value for "<parameter>"
// parameter: <text>.
func (idFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var kind, uuid string
	resp.Error = req.Arguments.Get(ctx, &kind, &uuid)
	if resp.Error != nil {
		return
	}
	if !isIDKind(kind) {
		msg := fmt.Sprintf("kind must be %q or %q; got %q", webexid.TypePeople, webexid.TypeOrganization, shared.TruncateForDiag(kind))
		if isIDKind(strings.ToUpper(kind)) {
			msg += fmt.Sprintf(". Write it in upper case, as Webex IDs do: %q", strings.ToUpper(kind))
		}
		resp.Error = function.NewArgumentFuncError(0, msg)
		return
	}
	// The ID is checked with the very parser the resources' validators use,
	// so what this returns is what they accept.
	id, err := webexid.ParseType(webexid.Encode(idCluster, kind, uuid), kind)
	if err != nil {
		msg := fmt.Sprintf("uuid must be a UUID such as %q (8-4-4-4-12 hexadecimal digits); got %q", exampleUUID, shared.TruncateForDiag(uuid))
		if parsed, perr := webexid.Parse(uuid); perr == nil {
			msg += fmt.Sprintf(". That is already a Webex %s ID: use it as it is, or provider::partneradmin::webex_uuid() to get its UUID", parsed.Type)
		}
		resp.Error = function.NewArgumentFuncError(1, msg)
		return
	}
	resp.Error = resp.Result.Set(ctx, id.String())
}

func isIDKind(s string) bool {
	for _, k := range idKinds {
		if s == k {
			return true
		}
	}
	return false
}

// NewUUIDFunction returns provider::partneradmin::webex_uuid.
func NewUUIDFunction() function.Function { return uuidFunction{} }

type uuidFunction struct{}

func (uuidFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "webex_uuid"
}

func (uuidFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Returns the UUID inside a Webex ID",
		MarkdownDescription: "Decodes a Webex ID and returns the UUID in it, in lower case: the form Control Hub shows. " +
			"Every encoding of a Webex ID is accepted: with or without `=` padding, the standard or URL-safe base64 " +
			"alphabet, the `us` cluster or a regional one (`ciscospark://urn:TEAM:eu-central-1_k/…`), and any object " +
			"type whose ID ends in a UUID (`PEOPLE`, `ORGANIZATION`, `LOCATION`, …; role IDs such as " +
			"`ciscospark://us/ROLE/id_full_admin` hold none and are refused). Two IDs name the same object exactly when " +
			"their type and this UUID are equal.",
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:                "id",
				MarkdownDescription: "A Webex ID, e.g. an `org_id` or `person_id`, or an `id` the Webex API returned.",
			},
		},
		Return: function.StringReturn{},
	}
}

func (uuidFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var s string
	resp.Error = req.Arguments.Get(ctx, &s)
	if resp.Error != nil {
		return
	}
	id, err := webexid.Parse(s)
	if err != nil {
		msg := fmt.Sprintf("id must be a Webex ID (base64 of ciscospark://<cluster>/<TYPE>/<uuid>); got %q: %s", shared.TruncateForDiag(s), err)
		if _, uerr := webexid.Parse(webexid.Encode(idCluster, webexid.TypePeople, s)); uerr == nil {
			msg += ". That is already a UUID: use it as it is, or provider::partneradmin::webex_id() to build its Webex ID"
		}
		resp.Error = function.NewArgumentFuncError(0, msg)
		return
	}
	resp.Error = resp.Result.Set(ctx, id.UUID)
}
