import type { CrmBenchContext } from './crm-context'

/** Recommendations for 2,000 dealers against the bare co-occurrence SQL (issue 15 "Benchmark"). */
export async function benchRecommendations(_ctx: CrmBenchContext): Promise<void> {}
