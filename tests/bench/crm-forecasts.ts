import type { CrmBenchContext } from './crm-context'

/** Forecasts for 10,000 series against the bare monthly aggregate SQL (issue 15 "Benchmark"). */
export async function benchForecasts(_ctx: CrmBenchContext): Promise<void> {}
