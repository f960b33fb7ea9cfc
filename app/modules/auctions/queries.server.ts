// The auction module's reads (STYLE.md: a module's public surface). Every one takes the caller's scope: the
// procurement officer's `any` scope with the buyer organisation it acts for, or a supplier's own organisation, and
// puts it in the query (views.server.ts `readable`).

export { getInvitation, getTenderForBuyer, getTenderDesk, listInvitations, listTendersForBuyer, type Buyer } from './tenders.server'
export { readLotSince, readSupplierLots, readTenderLots, type Reader } from './views.server'
export { supplierReport, tenderProtocol, type SupplierReport, type TenderProtocol } from './reports.server'
export { protocolPdf } from './protocol-pdf.server'
export type { BidReceipt } from './bids.server'
