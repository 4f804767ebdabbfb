package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listresourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client/webex"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/webexid"
)

var (
	_ list.ListResource                     = (*webexPartnerAdminAssignmentList)(nil)
	_ list.ListResourceWithConfigure        = (*webexPartnerAdminAssignmentList)(nil)
	_ list.ListResourceWithConfigValidators = (*webexPartnerAdminAssignmentList)(nil)
)

// NewWebexPartnerAdminAssignmentListResource is the list resource factory.
func NewWebexPartnerAdminAssignmentListResource() list.ListResource {
	return &webexPartnerAdminAssignmentList{}
}

// webexPartnerAdminAssignmentList shares the managed resource's name,
// client and lookups.
type webexPartnerAdminAssignmentList struct {
	webexPartnerAdminAssignmentResource
}

type webexPartnerAdminAssignmentListModel struct {
	OrgID    types.String `tfsdk:"org_id"`
	PersonID types.String `tfsdk:"person_id"`
}

func (l *webexPartnerAdminAssignmentList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the partner admin assignments of one customer organization (`org_id`), or the " +
			"customer organizations one partner admin is assigned to (`person_id`). Set exactly one. Assignments " +
			"through a Customer Group are not listed, as Webex does not return them.",
		Attributes: map[string]schema.Attribute{
			"org_id": schema.StringAttribute{
				MarkdownDescription: "List every partner admin assigned to this customer organization.",
				Optional:            true,
				Validators:          []validator.String{webexID(webexid.TypeOrganization)},
			},
			"person_id": schema.StringAttribute{
				MarkdownDescription: "List every customer organization this partner admin is assigned to. With " +
					"`include_resource`, each customer's partner admins are read as well (one request per customer).",
				Optional:   true,
				Validators: []validator.String{webexID(webexid.TypePeople)},
			},
		},
	}
}

func (l *webexPartnerAdminAssignmentList) ListResourceConfigValidators(context.Context) []list.ConfigValidator {
	return []list.ConfigValidator{
		listresourcevalidator.ExactlyOneOf(path.MatchRoot("org_id"), path.MatchRoot("person_id")),
	}
}

func (l *webexPartnerAdminAssignmentList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg webexPartnerAdminAssignmentListModel
	if !ListConfig(ctx, req, stream, &cfg, l.webex, "Webex") {
		return
	}
	if !cfg.OrgID.IsNull() {
		stream.Results = StreamList(req, l.webex.CustomerPartnerAdmins(ctx, cfg.OrgID.ValueString()),
			"Unable to list the partner admins of the customer organization",
			func(admin webex.PartnerAdmin) list.ListResult {
				m := webexPartnerAdminAssignmentModel{OrgID: webexIDValue{StringValue: cfg.OrgID}, PersonID: webexIDOf(admin.ID)}
				return NewListResult(ctx, req, adminDisplayName(admin), m.identity(), func() (any, diag.Diagnostics) {
					m.ID = types.StringValue(m.OrgID.ValueString() + "/" + admin.ID)
					m.Timeouts = NullTimeouts(ctx, req)
					return &m, m.fill(ctx, &admin)
				})
			})
		return
	}
	personID := cfg.PersonID.ValueString()
	stream.Results = StreamList(req, l.webex.ManagedCustomers(ctx, personID),
		"Unable to list the customer organizations of the partner admin",
		func(c webex.ManagedCustomer) list.ListResult {
			m := webexPartnerAdminAssignmentModel{OrgID: webexIDOf(c.OrgID), PersonID: webexIDValue{StringValue: cfg.PersonID}}
			return NewListResult(ctx, req, "customer organization "+c.OrgID, m.identity(), func() (any, diag.Diagnostics) {
				var diags diag.Diagnostics
				m.ID = types.StringValue(c.OrgID + "/" + personID)
				m.Timeouts = NullTimeouts(ctx, req)
				m.DisplayName, m.RoleInCustomerOrg, m.Emails = types.StringNull(), types.StringNull(), types.ListNull(types.StringType)
				// The managed-orgs list has no person details: read them
				// from the customer's partner admins, as a refresh would.
				admin, err := l.findAssignment(ctx, c.OrgID, personID)
				switch {
				case err != nil:
					AddClientError(&diags, "Unable to read the partner admin assignment of customer organization "+c.OrgID, err)
				case admin == nil:
					diags.AddWarning("Partner admin assignment not yet visible",
						"Webex lists customer organization "+c.OrgID+" as managed by the partner admin, but the organization's "+
							"partner admins do not include them yet. The imported assignment is read again on the next plan.")
				default:
					diags.Append(m.fill(ctx, admin)...)
				}
				return &m, diags
			})
		})
}

// adminDisplayName is "Name <email>", or whichever of the two Webex gives.
func adminDisplayName(a webex.PartnerAdmin) string {
	name := strings.TrimSpace(a.DisplayName)
	if len(a.Emails) == 0 {
		return name
	}
	if name == "" {
		return a.Emails[0]
	}
	return name + " <" + a.Emails[0] + ">"
}
