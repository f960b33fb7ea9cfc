import type { Entry } from '../index'

// CRM (issue 15): the recommendations pages.
export const crmRecommendations = {
  'crm.recommendations.title': { ru: 'Рекомендации', en: 'Recommendations' },
  'crm.recommendations.forYou': { ru: 'Похожие дилеры покупают', en: 'Similar dealers buy' },
  'crm.recommendations.reason': {
    ru: 'Покупают {pair} из {ni} похожих дилеров вашей группы ({group}), которые покупают и «{antecedent}»: уверенность {confidence} %, в {lift} раза чаще обычного для группы (обычно покупают {nj} из {n}).',
    en: 'Bought by {pair} of {ni} similar dealers in your group ({group}) who also buy “{antecedent}”: confidence {confidence} %, {lift}× the group’s usual rate (usually {nj} of {n} buy it).',
  },
  'crm.recommendations.group.abc': { ru: 'класс {label}', en: 'class {label}' },
  'crm.recommendations.group.dealer_group': { ru: 'группа {label}', en: 'group {label}' },
  'crm.recommendations.group.region': { ru: 'регион {label}', en: 'region {label}' },
  'crm.recommendations.group.all': { ru: 'все покупатели', en: 'all buyers' },
  'crm.recommendations.dismiss': { ru: 'Не предлагать', en: 'Dismiss' },
  'crm.recommendations.dismissLabel': { ru: 'Больше не предлагать «{name}»', en: 'Do not suggest “{name}” again' },
  'crm.recommendations.product': { ru: 'Товар', en: 'Product' },
  'crm.recommendations.antecedent': { ru: 'Покупает уже', en: 'Already buys' },
  'crm.recommendations.figures': { ru: 'N · n_i · n_j · n_ij', en: 'N · n_i · n_j · n_ij' },
  'crm.recommendations.confidence': { ru: 'Уверенность', en: 'Confidence' },
  'crm.recommendations.lift': { ru: 'Лифт', en: 'Lift' },
  'crm.recommendations.dismissed': { ru: 'Отклонена клиентом {date}', en: 'Dismissed by the customer on {date}' },
  'crm.recommendations.none': { ru: 'Рекомендаций нет.', en: 'No recommendations.' },
  'crm.recommendations.rule': {
    ru: 'Правило: в группе клиента (класс ABC последнего расчёта сегментов, иначе группа дилера, регион, все) за 12 месяцев доставленных заказов; уверенность = n_ij / n_i, лифт = уверенность / (n_j / N); показываются товары с лифтом > 1,2 и n_ij ≥ 5, до 10 на клиента.',
    en: 'Rule: within the customer’s group (its ABC class in the latest segmentation run, else its dealer group, region, everyone) over 12 months of delivered orders; confidence = n_ij / n_i, lift = confidence / (n_j / N); products with lift > 1.2 and n_ij ≥ 5 are kept, up to 10 per customer.',
  },
  'crm.recommendations.customers': { ru: 'Клиенты', en: 'Customers' },
  'crm.recommendations.customer': { ru: 'Клиент', en: 'Customer' },
  'crm.recommendations.count': { ru: 'Рекомендаций', en: 'Recommendations' },
  'crm.recommendations.group': { ru: 'Группа (N)', en: 'Group (N)' },
  'crm.recommendations.computedAt': { ru: 'Рассчитано', en: 'Computed' },
  'crm.recommendations.recompute': { ru: 'Пересчитать', en: 'Recompute' },
  'crm.recommendations.recomputed': {
    ru: {
      one: 'Пересчитано: {count} рекомендация.',
      few: 'Пересчитано: {count} рекомендации.',
      many: 'Пересчитано: {count} рекомендаций.',
      other: 'Пересчитано: {count} рекомендации.',
    },
    en: { one: 'Recomputed: {count} recommendation.', other: 'Recomputed: {count} recommendations.' },
  },
  'crm.recommendations.csv': { ru: 'Скачать CSV', en: 'Download CSV' },
  'crm.recommendations.notFound': { ru: 'Такой рекомендации нет.', en: 'No such recommendation.' },
  'crm.recommendations.prompt.title': { ru: 'Постоянный клиент', en: 'Regular customer' },
  'crm.recommendations.prompt.reason': {
    ru: 'Заказывал в {months} из последних 12 месяцев; класс {abc} (накопленная доля до него {share} %), {xyz} (CV {cv} %).',
    en: 'Ordered in {months} of the last 12 months; class {abc} (cumulative share before it {share} %), {xyz} (CV {cv} %).',
  },
  'crm.recommendations.prompt.discount': {
    ru: 'Предлагаемая скидка {discount} % (правило: AX — 3 %, AY и BX — 2 %, BY — 1 %), договорный прайс-лист на год по товарам, купленным за 12 месяцев.',
    en: 'Suggested discount {discount} % (rule: AX 3 %, AY and BX 2 %, BY 1 %), as a one-year contract price list for the products bought in the last 12 months.',
  },
  'crm.recommendations.prompt.notRegular': {
    ru: 'Не постоянный клиент: заказывал в {months} из последних 12 месяцев (нужно ≥ 6), сегмент {segment} (нужно A или B с X или Y).',
    en: 'Not a regular customer: ordered in {months} of the last 12 months (needs ≥ 6), segment {segment} (needs A or B with X or Y).',
  },
  'crm.recommendations.prompt.noSegment': { ru: 'нет расчёта', en: 'no run' },
  'crm.recommendations.prompt.accept': { ru: 'Принять: создать договорный прайс-лист', en: 'Accept: create a contract price list' },
  'crm.recommendations.prompt.decline': { ru: 'Отклонить', en: 'Decline' },
  'crm.recommendations.prompt.accepted': {
    ru: 'Принято {date}: создан договорный прайс-лист.',
    en: 'Accepted on {date}: a contract price list was created.',
  },
  'crm.recommendations.prompt.declined': {
    ru: 'Отклонено {date}; до следующего расчёта сегментов не предлагается.',
    en: 'Declined on {date}; not offered again until the next segmentation run.',
  },
  'crm.recommendations.prompt.notQualified': {
    ru: 'Клиент сейчас не проходит по правилам постоянного клиента.',
    en: 'The customer does not qualify as a regular customer now.',
  },
  'crm.recommendations.prompt.alreadyDecided': {
    ru: 'По этому расчёту сегментов решение уже принято: второй прайс-лист не создаётся.',
    en: 'A decision was already taken for this segmentation run: no second price list is made.',
  },
  'crm.recommendations.prompt.noPrices': { ru: 'Для купленных товаров нет действующих цен.', en: 'The bought products have no current prices.' },
  'crm.recommendations.prompt.needsCatalog': {
    ru: 'Принять может только сотрудник с правом на цены.',
    en: 'Only staff who may manage prices can accept.',
  },
  'crm.recommendations.churn.title': { ru: 'Риск ухода', en: 'Churn risk' },
  'crm.recommendations.churn.atRisk': {
    ru: 'Риск ухода: последний заказ {days} дн. назад; обычно раз в {gap} дн. (медиана; интервалов между заказами: {gaps}); {days} > 1,5 × {gap}.',
    en: 'Churn risk: last order {days} days ago; usually every {gap} days (median of {gaps} gaps); {days} > 1.5 × {gap}.',
  },
  'crm.recommendations.churn.fine': {
    ru: 'Риска ухода нет: последний заказ {days} дн. назад; обычно раз в {gap} дн. (медиана; интервалов между заказами: {gaps}); {days} ≤ 1,5 × {gap}.',
    en: 'No churn risk: last order {days} days ago; usually every {gap} days (median of {gaps} gaps); {days} ≤ 1.5 × {gap}.',
  },
  'crm.recommendations.churn.notEnough': {
    ru: 'Недостаточно заказов для оценки риска ухода: {orders} (нужно ≥ 3).',
    en: 'Not enough orders to judge churn risk: {orders} (needs ≥ 3).',
  },
  'crm.recommendations.attention.open': {
    ru: 'Открыть вкладку «Предложения» клиента',
    en: 'Open the customer’s offers tab',
  },
  'crm.recommendations.attention.order': { ru: 'Клиент этого заказа', en: 'This order’s customer' },
  'crm.recommendations.attention.home': { ru: 'Постоянные клиенты и риск ухода', en: 'Regular customers and churn risk' },
  'crm.recommendations.attention.homeRule': {
    ru: 'Ваши клиенты, которых можно сделать постоянными (заказы в ≥ 6 из 12 месяцев, сегмент A или B с X или Y, решение ещё не принято) или которые рискуют уйти (нет заказа дольше 1,5 обычных интервалов).',
    en: 'Your customers who qualify as regular customers (orders in ≥ 6 of 12 months, segment A or B with X or Y, not yet decided) or are at churn risk (no order for over 1.5 usual gaps).',
  },
  'crm.recommendations.attention.none': {
    ru: 'Сейчас никого: ни один из ваших клиентов не проходит в постоянные и не рискует уйти.',
    en: 'Nobody now: none of your customers qualifies as a regular customer or is at churn risk.',
  },
} satisfies Record<string, Entry>
