export const organisationSorts = ['shortName', 'kind', 'verificationStatus', 'createdAt'] as const
export type OrganisationSort = (typeof organisationSorts)[number]
