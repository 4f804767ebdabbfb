package webex

import (
	"context"
	"strings"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/provider/shared"

	"github.com/hashicorp/terraform-plugin-framework-validators/listresourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	webexapi "github.com/partneradmin/terraform-provider-partneradmin/internal/client/webex"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/webexid"
)

var (
	_ list.ListResource                     = (*partnerAdminAssignmentList)(nil)
	_ list.ListResourceWithConfigure        = (*partnerAdminAssignmentList)(nil)
	_ list.ListResourceWithConfigValidators = (*partnerAdminAssignmentList)(nil)
)

// NewPartnerAdminAssignmentListResource is the list resource factory.
func NewPartnerAdminAssignmentListResource() list.ListResource {
	return &partnerAdminAssignmentList{}
}

// partnerAdminAssignmentList shares the managed resource's name,
// client and lookups.
type partnerAdminAssignmentList struct {
	partnerAdminAssignmentResource
}

type partnerAdminAssignmentListModel struct {
	OrgID    types.String `tfsdk:"org_id"`
	PersonID types.String `tfsdk:"person_id"`
}

func (l *partnerAdminAssignmentList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the partner admin assignments of one customer organization (`org_id`), or the " +
			"customer organizations one partner admin is assigned to (`person_id`). Set exactly one. Assignments " +
			"through a Customer Group are not listed, as Webex does not return them.",
		Attributes: map[string]schema.Attribute{
			"org_id": schema.StringAttribute{
				MarkdownDescription: "List every partner admin assigned to this customer organization.",
				Optional:            true,
				Validators:          []validator.String{validID(webexid.TypeOrganization)},
			},
			"person_id": schema.StringAttribute{
				MarkdownDescription: "List every customer organization this partner admin is assigned to. With " +
					"`include_resource`, each customer's partner admins are read as well (one request per customer).",
				Optional:   true,
				Validators: []validator.String{validID(webexid.TypePeople)},
			},
		},
	}
}

func (l *partnerAdminAssignmentList) ListResourceConfigValidators(context.Context) []list.ConfigValidator {
	return []list.ConfigValidator{
		listresourcevalidator.ExactlyOneOf(path.MatchRoot("org_id"), path.MatchRoot("person_id")),
	}
}

func (l *partnerAdminAssignmentList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg partnerAdminAssignmentListModel
	if !shared.ListConfig(ctx, req, stream, &cfg, l.webex, "Webex") {
		return
	}
	if !cfg.OrgID.IsNull() {
		stream.Results = shared.StreamList(req, l.webex.CustomerPartnerAdmins(ctx, cfg.OrgID.ValueString()),
			"Unable to list the partner admins of the customer organization",
			func(admin webexapi.PartnerAdmin) list.ListResult {
				m := partnerAdminAssignmentModel{OrgID: idValue{StringValue: cfg.OrgID}, PersonID: idOf(admin.ID)}
				return shared.NewListResult(ctx, req, adminDisplayName(admin), m.Identity(), func() (any, diag.Diagnostics) {
					m.ID = types.StringValue(m.OrgID.ValueString() + "/" + admin.ID)
					m.Timeouts = shared.NullTimeouts(ctx, req)
					return &m, m.fill(ctx, &admin)
				})
			})
		return
	}
	personID := cfg.PersonID.ValueString()
	stream.Results = shared.StreamList(req, l.webex.ManagedCustomers(ctx, personID),
		"Unable to list the customer organizations of the partner admin",
		func(c webexapi.ManagedCustomer) list.ListResult {
			m := partnerAdminAssignmentModel{OrgID: idOf(c.OrgID), PersonID: idValue{StringValue: cfg.PersonID}}
			return shared.NewListResult(ctx, req, "customer organization "+c.OrgID, m.Identity(), func() (any, diag.Diagnostics) {
				var diags diag.Diagnostics
				m.ID = types.StringValue(c.OrgID + "/" + personID)
				m.Timeouts = shared.NullTimeouts(ctx, req)
				m.DisplayName, m.RoleInCustomerOrg, m.Emails = types.StringNull(), types.StringNull(), types.ListNull(types.StringType)
				// The managed-orgs list has no person details: read them
				// from the customer's partner admins, as a refresh would.
				admin, err := l.findAssignment(ctx, c.OrgID, personID)
				switch {
				case err != nil:
					shared.AddClientError(&diags, "Unable to read the partner admin assignment of customer organization "+c.OrgID, err)
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
func adminDisplayName(a webexapi.PartnerAdmin) string {
	name := strings.TrimSpace(a.DisplayName)
	if len(a.Emails) == 0 {
		return name
	}
	if name == "" {
		return a.Emails[0]
	}
	return name + " <" + a.Emails[0] + ">"
}
