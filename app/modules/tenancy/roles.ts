// Roles belong to an organisation kind: a membership's role must be one of its organisation's kind.
export const organisationKinds = ['operator', 'dealer', 'key_account', 'supplier'] as const
export type OrganisationKind = (typeof organisationKinds)[number]

export const rolesByKind = {
  operator: ['operator_admin', 'sales_manager', 'partner_manager', 'procurement_officer'],
  dealer: ['dealer_admin', 'dealer_buyer', 'dealer_approver', 'dealer_viewer', 'shop_manager', 'shop_assistant'],
  key_account: ['account_admin', 'account_buyer'],
  supplier: ['supplier_admin', 'supplier_bidder'],
} as const satisfies Record<OrganisationKind, readonly string[]>

export type Role = (typeof rolesByKind)[OrganisationKind][number]
export const roles = Object.values(rolesByKind).flat() as Role[]

export function kindOfRole(role: Role): OrganisationKind {
  return (Object.keys(rolesByKind) as OrganisationKind[]).find((k) => (rolesByKind[k] as readonly string[]).includes(role))!
}

export function isRoleOfKind(role: string, kind: OrganisationKind): role is Role {
  return (rolesByKind[kind] as readonly string[]).includes(role)
}

/** The admin role of each kind: who may manage the organisation's own users. */
export const orgAdminRoles: readonly Role[] = ['operator_admin', 'dealer_admin', 'account_admin', 'supplier_admin']

export const verificationStatuses = ['pending', 'verified', 'rejected'] as const
export type VerificationStatus = (typeof verificationStatuses)[number]
