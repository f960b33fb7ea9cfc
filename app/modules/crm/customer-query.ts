import { z } from 'zod'
import { regionCodes } from '../prm/application-schemas'

// The customers list's filters from the URL; anything unknown is dropped, so the page always opens.
export const CustomerQuery = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  mine: z.enum(['1']).optional().catch(undefined),
  region: z.enum(regionCodes).optional().catch(undefined),
  sort: z.enum(['name', 'region', 'owner', 'lastOrder', 'revenue', 'abc']).optional().catch(undefined),
  dir: z.enum(['asc', 'desc']).optional().catch(undefined),
})
export const customerQueryOf = (url: URL) => CustomerQuery.parse(Object.fromEntries(url.searchParams))
