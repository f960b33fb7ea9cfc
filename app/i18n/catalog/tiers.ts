import type { Entry } from '../index'

const certifiedOf = {
  ru: {
    one: '{value} из {threshold} сертифицированного сотрудника',
    few: '{value} из {threshold} сертифицированных сотрудников',
    many: '{value} из {threshold} сертифицированных сотрудников',
    other: '{value} из {threshold} сертифицированного сотрудника',
  },
  en: { one: '{value} of {threshold} certified staff', other: '{value} of {threshold} certified staff' },
}

// Tiers, criteria, targets and the tier history.
export const tiers = {
  // Criteria explained (tier-rules.ts renderCriterion): {value} and {threshold} come formatted.
  'tier.explain.revenue_12m.min': { ru: '{value} из {threshold} выручки за 12 месяцев', en: '{value} of {threshold} revenue over 12 months' },
  'tier.explain.revenue_12m.max': { ru: 'выручка за 12 месяцев {value}, не более {threshold}', en: 'revenue over 12 months {value}, at most {threshold}' },
  'tier.explain.growth_12m.min': {
    ru: 'рост к прошлым 12 месяцам {value}, нужно не менее {threshold}',
    en: 'growth on the previous 12 months {value}, needs at least {threshold}',
  },
  'tier.explain.growth_12m.max': {
    ru: 'рост к прошлым 12 месяцам {value}, не более {threshold}',
    en: 'growth on the previous 12 months {value}, at most {threshold}',
  },
  'tier.explain.certified_staff.min': certifiedOf,
  'tier.explain.certified_staff.max': {
    ru: 'сертифицированных сотрудников {value}, не более {threshold}',
    en: '{value} certified staff, at most {threshold}',
  },
  'tier.explain.overdue_amount.max': { ru: 'просрочено {value}, допустимо не более {threshold}', en: '{value} overdue, at most {threshold} allowed' },
  'tier.explain.overdue_amount.min': { ru: 'просрочено {value}, не менее {threshold}', en: '{value} overdue, at least {threshold}' },
  'tier.explain.overdue_days.max': {
    ru: 'просрочка {value} дн., допустимо не более {threshold} дн.',
    en: '{value} days overdue, at most {threshold} allowed',
  },
  'tier.explain.overdue_days.min': { ru: 'просрочка {value} дн., не менее {threshold} дн.', en: '{value} days overdue, at least {threshold}' },
  'tier.explain.order_count_12m.min': { ru: '{value} из {threshold} заказов за 12 месяцев', en: '{value} of {threshold} orders over 12 months' },
  'tier.explain.order_count_12m.max': { ru: 'заказов за 12 месяцев {value}, не более {threshold}', en: '{value} orders over 12 months, at most {threshold}' },
  'tier.explain.active_months_12m.min': { ru: '{value} из {threshold} месяцев с заказами', en: '{value} of {threshold} months with orders' },
  'tier.explain.active_months_12m.max': { ru: 'месяцев с заказами {value}, не более {threshold}', en: '{value} months with orders, at most {threshold}' },
  'tier.explain.inCategories': {
    ru: { one: '(в {count} категории)', few: '(в {count} категориях)', many: '(в {count} категориях)', other: '(в {count} категории)' },
    en: { one: '(in {count} category)', other: '(in {count} categories)' },
  },
  'tier.grace.warning': {
    ru: 'Условия уровня сейчас не выполняются. Если к {day} они не будут выполнены, уровень изменится на «{tier}».',
    en: 'The tier’s criteria are not met now. Unless they are met by {day}, the tier becomes “{tier}”.',
  },
  // Criterion kinds and operators, for the desk's form.
  'tier.kind.revenue_12m': { ru: 'Выручка за 12 месяцев, ₽', en: 'Revenue over 12 months, ₽' },
  'tier.kind.growth_12m': { ru: 'Рост к прошлым 12 месяцам, %', en: 'Growth on the previous 12 months, %' },
  'tier.kind.certified_staff': { ru: 'Сертифицированные сотрудники', en: 'Certified staff' },
  'tier.kind.overdue_amount': { ru: 'Просроченная задолженность, ₽', en: 'Overdue amount, ₽' },
  'tier.kind.overdue_days': { ru: 'Дней просрочки', en: 'Days overdue' },
  'tier.kind.order_count_12m': { ru: 'Заказов за 12 месяцев', en: 'Orders over 12 months' },
  'tier.kind.active_months_12m': { ru: 'Месяцев с заказами из 12', en: 'Months with orders out of 12' },
  'tier.op.gte': { ru: 'не менее', en: 'at least' },
  'tier.op.lte': { ru: 'не более', en: 'at most' },
  // The history's reasons.
  'tier.reason.joined': { ru: 'Вступление в программу', en: 'Joined the programme' },
  'tier.reason.promoted': { ru: 'Повышение: выполнены условия уровня', en: 'Promoted: the tier’s criteria are met' },
  'tier.reason.grace_started': { ru: 'Условия не выполнены: начат льготный период', en: 'Criteria not met: grace period started' },
  'tier.reason.grace_cleared': { ru: 'Условия снова выполнены: льготный период снят', en: 'Criteria met again: grace period cleared' },
  'tier.reason.demoted': { ru: 'Понижение: льготный период истёк', en: 'Demoted: the grace period ended' },
  'tier.reason.override': { ru: 'Решение менеджера партнёров', en: 'Partner manager’s decision' },
  'tier.reason.override_lifted': { ru: 'Решение менеджера снято', en: 'Partner manager’s decision lifted' },
  // Notices to the dealer's admins.
  'notice.tierChanged.title': { ru: 'Уровень в программе: {tier}', en: 'Programme tier: {tier}' },
  'notice.tierChanged.body': {
    ru: '{reasonKey}. Уровень «{tier}» действует с {effectiveOn}.',
    en: '{reasonKey}. The “{tier}” tier applies from {effectiveOn}.',
  },
  'notice.tierGrace.title': { ru: 'Уровень «{tier}» под угрозой', en: 'Your “{tier}” tier is at risk' },
  'notice.tierGrace.body': {
    ru: 'Условия уровня не выполняются. Если к {graceUntilOn} они не будут выполнены, уровень понизится.',
    en: 'The tier’s criteria are not met. Unless they are met by {graceUntilOn}, the tier will be lowered.',
  },
  'tier.error.noProgramme': { ru: 'Партнёрская программа не настроена', en: 'No partner programme is set up' },
  'tier.error.notMember': { ru: 'Партнёр не участвует в программе', en: 'The partner is not in the programme' },
  'tier.error.untilPast': { ru: 'Дата окончания не может быть в прошлом', en: 'The end day cannot be in the past' },
  'tier.error.noOverride': { ru: 'Решения менеджера для этого партнёра нет', en: 'There is no override to lift' },
  'tier.error.expiresBeforeCompleted': { ru: 'Срок действия не может закончиться раньше прохождения', en: 'It cannot expire before it was completed' },
} satisfies Record<string, Entry>
