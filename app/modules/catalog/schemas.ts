import { z } from 'zod'
import { searchParam } from '../../utils/field-schemas'

// Catalog filters from the URL: anything odd is dropped rather than refused, so every link opens.
export const CatalogQuery = z.object({
  q: searchParam,
  category: z
    .string()
    .regex(/^[A-Z0-9_-]{1,40}$/)
    .optional()
    .catch(undefined),
  inContract: z
    .enum(['on', 'true', '1'])
    .optional()
    .catch(undefined)
    .transform((v) => !!v),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
})
