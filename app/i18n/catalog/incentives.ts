import type { Entry } from '../index'

// Rebates, the incentive ledger, payout batches and disputes.
export const incentives = {
  // The ledger's own explanations and reasons (app/modules/incentives); rebates, payouts and disputes add theirs below.
  'ledger.explain.correction': {
    ru: 'Корректировка: {deltaMinor} (было {beforeMinor}, стало {afterMinor}) — {reasonKey}',
    en: 'Correction: {deltaMinor} (was {beforeMinor}, now {afterMinor}) — {reasonKey}',
  },
  'ledger.explain.manual': { ru: 'Начислено вручную ({rateBp}): {note}', en: 'Accrued by hand ({rateBp}): {note}' },
  'ledger.reason.recalculated': { ru: 'пересчёт по поставленным заказам', en: 'recalculated from delivered orders' },
  'ledger.reason.returned': { ru: 'возврат по заказу', en: 'an order return' },
  'ledger.reason.closedPeriod': { ru: 'изменение после закрытия периода', en: 'a change after the period closed' },
  'ledger.status.pending': { ru: 'Начислено', en: 'Pending' },
  'ledger.status.held': { ru: 'Задержано', en: 'Held' },
  'ledger.status.approved': { ru: 'Утверждено', en: 'Approved' },
  'ledger.status.paid': { ru: 'Выплачено', en: 'Paid' },
  'ledger.status.reversed': { ru: 'Сторнировано', en: 'Reversed' },
  'ledger.hold.documents': { ru: 'нет закрывающих документов', en: 'closing documents missing' },
  'ledger.hold.overdue': { ru: 'есть просроченная задолженность', en: 'overdue payments outstanding' },
  'ledger.hold.dispute': { ru: 'открыт спор по начислению', en: 'an open query on the line' },
  'ledger.hold.review': { ru: 'проверка менеджером', en: 'under the partner manager’s review' },
  'ledger.hold.fraud': { ru: 'проверка на нарушения правил', en: 'a rule-violation check' },
  'ledger.error.notFound': { ru: 'Начисление не найдено.', en: 'No such incentive line.' },
  'ledger.error.notPending': {
    ru: 'Это начисление уже нельзя изменить: оно утверждено, выплачено или сторнировано. Исправление — новой строкой.',
    en: 'This line can no longer be changed: it is approved, paid or reversed. A correction is a new line.',
  },
  'ledger.error.notHeld': { ru: 'Начисление не задержано.', en: 'The line is not held.' },
  'ledger.error.inBatch': { ru: 'Начисление уже включено в выплату.', en: 'The line is already in a payout batch.' },
} satisfies Record<string, Entry>
