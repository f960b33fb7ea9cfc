// The auction module's writes and rules (STYLE.md: a module's public surface): setting a tender up, the buyer's
// controls, accepting the terms and placing a bid. Each takes the caller's scope.

export { acceptTerms, removeLot, saveLot, saveTender, scheduleTender, setInvitations, type SetupResult } from './tenders.server'
export { awardLot, cancelTender, disqualifyBid, extendLot, pauseLot, resumeLot, type ControlResult } from './control.server'
export { runTenderAction, type TenderActionResult, type TenderRefusal } from './tender-actions.server'
export { placeBid, type PlaceBidResult } from './room.server'
