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
  // Payouts, ledger pages and disputes
  'notice.payout.approved.title': { ru: 'Выплата {number} утверждена', en: 'Payout {number} approved' },
  'notice.payout.approved.body': {
    ru: 'Выплата {number} на сумму {totalMinor} утверждена и будет перечислена.',
    en: 'Payout {number} of {totalMinor} is approved and will be transferred.',
  },
  'notice.ledger.disputed.title': { ru: 'Запрос по начислению', en: 'A query on an incentive line' },
  'notice.ledger.disputed.body': {
    ru: 'Партнёр задал вопрос по начислению «{programme}» на {amountMinor}.',
    en: 'A partner has queried the line “{programme}” of {amountMinor}.',
  },
  'notice.ledger.disputeAnswered.title': { ru: 'Ответ на ваш запрос', en: 'Your query is answered' },
  'notice.ledger.disputeAnswered.body': {
    ru: 'Менеджер ответил на ваш запрос по начислению.',
    en: 'The partner manager has answered your query on an incentive line.',
  },
  'notice.ledger.disputeMessage.title': { ru: 'Новое сообщение по запросу', en: 'A new message on a query' },
  'notice.ledger.disputeMessage.body': { ru: 'Партнёр дополнил запрос по начислению.', en: 'A partner has added to a query on a line.' },
  'payout.error.noLines': {
    ru: 'Нет начислений для выплаты: подходят только начисленные, не задержанные и не включённые в выплату.',
    en: 'No lines to pay: only pending lines not held and not in a batch can be taken.',
  },
  'payout.error.negativeNet': {
    ru: 'Итог по выбранным дилерам отрицательный — выплату собрать нельзя.',
    en: 'The selected dealers’ net is negative: no batch can be made.',
  },
  'payout.leftOut': {
    ru: 'Не включены дилеры с отрицательным итогом: {orgs}.',
    en: 'Dealers with a negative net total were left out: {orgs}.',
  },
  'payout.error.notFound': { ru: 'Выплата не найдена.', en: 'No such payout batch.' },
  'payout.error.fourEyes': {
    ru: 'Вы подготовили эту выплату — утвердить её должен другой менеджер (принцип четырёх глаз).',
    en: 'You prepared this batch: another manager must approve it (four eyes).',
  },
  'payout.error.alreadyApproved': { ru: 'Выплата уже утверждена: {by}.', en: 'The batch is already approved by {by}.' },
  'payout.error.paid': { ru: 'Выплата уже проведена и не меняется.', en: 'The batch is paid and can no longer change.' },
  'payout.error.notApproved': { ru: 'Сначала выплату нужно утвердить.', en: 'The batch must be approved first.' },
  'dispute.error.notFound': { ru: 'Запрос не найден.', en: 'No such query.' },
  'dispute.error.closed': { ru: 'Запрос закрыт.', en: 'The query is closed.' },
} satisfies Record<string, Entry>
