import { z } from 'zod'

/** The dealer dismisses one recommendation. */
export const DismissRecommendation = z.object({ productId: z.string().uuid() })

/** Staff decide a regular-customer prompt. */
export const PromptDecision = z.object({ intent: z.enum(['accept', 'decline']) })

/** Staff recompute every customer's recommendations. */
export const RecomputeRecommendations = z.object({ intent: z.literal('recompute') })
