import type { Entry } from '../index'

// CRM (issue 15): the sales manager's home, customers, contacts, interactions, tasks and the customer card.
export const crmCustomers = {
  'nav.crm': { ru: 'Клиенты (CRM)', en: 'Customers (CRM)' },
  'crm.tabs': { ru: 'Разделы CRM', en: 'CRM sections' },
  'crm.tab.home': { ru: 'Мой день', en: 'My day' },
  'crm.tab.customers': { ru: 'Клиенты', en: 'Customers' },
  'crm.tab.pipeline': { ru: 'Воронка', en: 'Pipeline' },
  'crm.tab.segments': { ru: 'Сегменты', en: 'Segments' },
  'crm.tab.forecasts': { ru: 'Прогнозы', en: 'Forecasts' },
  'crm.tab.surveys': { ru: 'Качество сервиса', en: 'Service quality' },
  'crm.tab.duplicates': { ru: 'Дубликаты', en: 'Duplicates' },
  'crm.card.tabs': { ru: 'Разделы карточки клиента', en: 'Customer card sections' },
  'crm.card.tab.overview': { ru: 'Обзор', en: 'Overview' },
  'crm.card.tab.offers': { ru: 'Предложения', en: 'Offers' },
  'crm.card.tab.forecast': { ru: 'Прогноз', en: 'Forecast' },
  'crm.card.tab.surveys': { ru: 'Оценка сервиса', en: 'Service rating' },
  'crm.card.region': { ru: 'Регион', en: 'Region' },
  'crm.card.inn': { ru: 'ИНН', en: 'INN' },
} satisfies Record<string, Entry>
