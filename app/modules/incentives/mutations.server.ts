// The incentive ledger's writes, for routes and other modules (the rebate module, next the shop-assistant bonuses
// and contest prizes of issue 14). The topic files behind them stay internal to the module.

export { accrue, accrueRows, correct, holdLine, releaseLine, reverseLine, type AccrualCounts, type AccrualTarget, type LedgerResult } from './ledger.server'
export { approveBatch, markBatchPaid, prepareBatch, type BatchResult } from './batches.server'
export { answerDispute, queryLine } from './disputes.server'
