import type { Entry } from '../index'

// What the dealer reads about the rebates it is earning (app/modules/prm/rebate-progress.ts, /programme and
// /programme/ledger), and the desk ledger's dealer and programme filters.
export const rebateProgress = {
  'rebateProgress.title': { ru: 'Ретро-бонусы текущего периода', en: 'Rebates this period' },
  'rebateProgress.none': {
    ru: 'Сейчас вы не участвуете ни в одной программе ретро-бонусов с открытым периодом.',
    en: 'You take part in no rebate programme with an open period just now.',
  },
  'rebateProgress.heading': { ru: '{programme} · {period}', en: '{programme} · {period}' },
  'rebateProgress.periodDays': { ru: '{startOn} – {endOn}', en: '{startOn} – {endOn}' },
  'rebateProgress.period.month': { ru: 'в этом месяце', en: 'this month' },
  'rebateProgress.period.quarter': { ru: 'в этом квартале', en: 'this quarter' },
  'rebateProgress.period.year': { ru: 'в этом году', en: 'this year' },
  'rebateProgress.what.delivered': { ru: 'Поставлено', en: 'Delivered' },
  'rebateProgress.what.growth': { ru: 'Прирост', en: 'Growth' },
  // Headlines.
  'rebateProgress.next': {
    ru: '{whatKey}: {measuredMinor} из {fromMinor} {periodKey}: ещё {leftMinor} — и ставка {nextBp} вместо {currentBp}',
    en: '{whatKey}: {measuredMinor} of {fromMinor} {periodKey}: {leftMinor} more earns {nextBp} instead of {currentBp}',
  },
  'rebateProgress.nextFirst': {
    ru: '{whatKey}: {measuredMinor} из {fromMinor} {periodKey}: ещё {leftMinor} — и бонус {nextBp} (ниже первой ступени бонуса нет)',
    en: '{whatKey}: {measuredMinor} of {fromMinor} {periodKey}: {leftMinor} more earns {nextBp} (nothing is paid below the first step)',
  },
  'rebateProgress.nextUnits': {
    ru: '{whatKey}: {measuredUnits} из {fromUnits} ед. {periodKey}: ещё {leftUnits} ед. — и {nextPerUnitMinor} за единицу вместо {currentPerUnitMinor}',
    en: '{whatKey}: {measuredUnits} of {fromUnits} units {periodKey}: {leftUnits} more earn {nextPerUnitMinor} a unit instead of {currentPerUnitMinor}',
  },
  'rebateProgress.nextFirstUnits': {
    ru: '{whatKey}: {measuredUnits} из {fromUnits} ед. {periodKey}: ещё {leftUnits} ед. — и {nextPerUnitMinor} за единицу (ниже первой ступени бонуса нет)',
    en: '{whatKey}: {measuredUnits} of {fromUnits} units {periodKey}: {leftUnits} more earn {nextPerUnitMinor} a unit (nothing is paid below the first step)',
  },
  'rebateProgress.top': {
    ru: 'Достигнута высшая ступень: {rateBp} со всего, что учтено {periodKey}',
    en: 'The top step is reached: {rateBp} on everything counted {periodKey}',
  },
  'rebateProgress.topUnits': {
    ru: 'Достигнута высшая ступень: {perUnitMinor} за каждую единицу, учтённую {periodKey}',
    en: 'The top step is reached: {perUnitMinor} for every unit counted {periodKey}',
  },
  'rebateProgress.notEligible': {
    ru: 'Программа платит партнёрам уровня «{minTier}» и выше; ваш уровень — «{tier}»',
    en: 'The programme pays partners of the “{minTier}” tier and above; your tier is “{tier}”',
  },
  'rebateProgress.notEligibleNoTier': {
    ru: 'Программа платит партнёрам уровня «{minTier}» и выше; у вас пока нет уровня в этой программе',
    en: 'The programme pays partners of the “{minTier}” tier and above; you hold no tier in it yet',
  },
  'rebateProgress.notEligibleRank': {
    ru: 'Программа платит партнёрам уровня {minRank} и выше; ваш уровень ниже',
    en: 'The programme pays partners of tier rank {minRank} and above; yours is lower',
  },
  // The lines behind the headline.
  'rebateProgress.basis': {
    ru: 'Поставлено за {periodStartOn} – {periodEndOn} на сегодня: {basisMinor} (за вычетом возвратов)',
    en: 'Delivered {periodStartOn} – {periodEndOn} so far: {basisMinor} (net of returns)',
  },
  'rebateProgress.basisUnits': {
    ru: 'Поставлено за {periodStartOn} – {periodEndOn} на сегодня: {basisUnits} ед. (за вычетом возвратов)',
    en: 'Delivered {periodStartOn} – {periodEndOn} so far: {basisUnits} units (net of returns)',
  },
  'rebateProgress.growth': {
    ru: 'Поставлено за {periodStartOn} – {periodEndOn} на сегодня: {basisMinor}; за тот же период годом ранее: {previousMinor}; прирост: {measuredMinor}',
    en: 'Delivered {periodStartOn} – {periodEndOn} so far: {basisMinor}; the same period a year before: {previousMinor}; growth: {measuredMinor}',
  },
  'rebateProgress.growthUnits': {
    ru: 'Поставлено за {periodStartOn} – {periodEndOn} на сегодня: {basisUnits} ед.; годом ранее: {previousUnits} ед.; прирост: {measuredUnits} ед.',
    en: 'Delivered {periodStartOn} – {periodEndOn} so far: {basisUnits} units; a year before: {previousUnits} units; growth: {measuredUnits} units',
  },
  'rebateProgress.categories': { ru: 'Учитываются только категории товаров программы.', en: 'Only the programme’s product categories count.' },
  'rebateProgress.below': {
    ru: 'Первая ступень — от {fromMinor}; ниже неё бонуса нет.',
    en: 'The first step starts at {fromMinor}; below it no rebate is paid.',
  },
  'rebateProgress.belowUnits': {
    ru: 'Первая ступень — от {fromUnits} ед.; ниже неё бонуса нет.',
    en: 'The first step starts at {fromUnits} units; below it no rebate is paid.',
  },
  'rebateProgress.noGrowth': {
    ru: 'Прироста к тому же периоду годом ранее пока нет: бонуса нет.',
    en: 'No growth yet against the same period a year before: no rebate.',
  },
  'rebateProgress.step': {
    ru: 'Текущая ступень: от {fromMinor}, ставка {rateBp}.',
    en: 'Current step: from {fromMinor}, rate {rateBp}.',
  },
  'rebateProgress.stepBonus': {
    ru: 'Текущая ступень: от {fromMinor}, ставка {rateBp} ({stepBp} ступени + {bonusBp} за уровень «{tier}»).',
    en: 'Current step: from {fromMinor}, rate {rateBp} ({stepBp} of the step + {bonusBp} for the “{tier}” tier).',
  },
  'rebateProgress.stepUnits': {
    ru: 'Текущая ступень: от {fromUnits} ед., {perUnitMinor} за единицу.',
    en: 'Current step: from {fromUnits} units, {perUnitMinor} a unit.',
  },
  'rebateProgress.amount': {
    ru: 'Бонус по сегодняшним поставкам: {rateBp} × {measuredMinor} = {amountMinor}.',
    en: 'The rebate at today’s deliveries: {rateBp} × {measuredMinor} = {amountMinor}.',
  },
  'rebateProgress.amountUnits': {
    ru: 'Бонус по сегодняшним поставкам: {perUnitMinor} × {measuredUnits} ед. = {amountMinor}.',
    en: 'The rebate at today’s deliveries: {perUnitMinor} × {measuredUnits} units = {amountMinor}.',
  },
  'rebateProgress.accrued': {
    ru: 'Начислено в вашу ведомость за этот период: {accruedMinor} (последний расчёт {accruedOn}).',
    en: 'Accrued to your ledger for this period: {accruedMinor} (last calculated on {accruedOn}).',
  },
  'rebateProgress.changedSince': {
    ru: 'Поставки и возвраты после последнего расчёта войдут в следующий расчёт.',
    en: 'Deliveries and returns since the last calculation count at the next one.',
  },
  'rebateProgress.notAccrued': {
    ru: 'В вашей ведомости за этот период начислений пока нет: бонус начисляется при расчёте менеджером и при закрытии периода.',
    en: 'Nothing is accrued to your ledger for this period yet: the rebate is accrued when the partner manager calculates it and when the period closes.',
  },
  // The chart.
  'rebateProgress.chart.title': { ru: 'Нарастающим итогом по месяцам: {programme}', en: 'Running total by month: {programme}' },
  'rebateProgress.chart.desc': {
    ru: 'Сколько учтено к концу каждого месяца периода, и линия порога следующей ступени.',
    en: 'What is counted by the end of each month of the period, and a line at the next step’s threshold.',
  },
  'rebateProgress.chart.counted': { ru: 'Учтено', en: 'Counted' },
  'rebateProgress.chart.next': { ru: 'Порог следующей ступени', en: 'Next step’s threshold' },
  'rebateProgress.chart.top': { ru: 'Порог высшей ступени', en: 'Top step’s threshold' },
  'rebateProgress.progressLabel': { ru: 'Путь к следующей ступени', en: 'Progress to the next step' },
  // The desk ledger's filters.
  'ledger.filter.dealer': { ru: 'Дилер', en: 'Dealer' },
  'ledger.filter.programme': { ru: 'Программа', en: 'Programme' },
  'ledger.filter.allDealers': { ru: 'Все дилеры', en: 'All dealers' },
  'ledger.filter.allProgrammes': { ru: 'Все программы', en: 'All programmes' },
  'ledger.filter.source': { ru: 'Источник', en: 'Source' },
  'ledger.filter.allSources': { ru: 'Все источники', en: 'All sources' },
  'ledger.filter.reset': { ru: 'Сбросить', en: 'Reset' },
  'ledger.source.rebate': { ru: 'Ретро-бонусы', en: 'Rebates' },
  'ledger.source.deal_bonus': { ru: 'Бонусы за сделки', en: 'Deal bonuses' },
  'ledger.source.sarm_bonus': { ru: 'Бонусы продавцам', en: 'Shop assistants’ bonuses' },
  'ledger.source.contest_prize': { ru: 'Призы конкурсов', en: 'Contest prizes' },
  'ledger.source.other': { ru: 'Источник «{source}»', en: 'Source “{source}”' },
} satisfies Record<string, Entry>
