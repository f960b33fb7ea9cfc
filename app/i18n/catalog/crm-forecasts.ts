import type { Entry } from '../index'

// CRM (issue 15): monthly forecasts with their accuracy (app/modules/crm/forecasting.ts, forecasts.server.ts).
export const crmForecasts = {
  'crm.forecasts.title': { ru: 'Прогнозы продаж', en: 'Sales forecasts' },
  'crm.forecasts.intro': {
    ru: 'Помесячные продажи по товарным группам. Базовый прогноз — сезонный наивный (как год назад); Хольт — Винтерс публикуется, только если его MASE на скользящем окне меньше 1 и меньше, чем у базового.',
    en: 'Monthly sales by product group. The baseline is seasonal naive (as a year ago); Holt-Winters is published only where its rolling-origin MASE is below 1 and below the baseline’s.',
  },
  'crm.forecasts.run': { ru: 'Пересчитать прогнозы', en: 'Run forecasts' },
  'crm.forecasts.running': { ru: 'Считаем прогнозы…', en: 'Running forecasts…' },
  'crm.forecasts.runAt': { ru: 'Расчёт от {at}: рядов {count}.', en: 'Run of {at}: {count} series.' },
  'crm.forecasts.none': { ru: 'Прогнозов ещё нет.', en: 'No forecasts yet.' },
  'crm.forecasts.chart': { ru: 'Прогноз: {name}', en: 'Forecast: {name}' },
  'crm.forecasts.chartDescription': {
    ru: 'История по месяцам, прогноз на 6 месяцев и 95-процентный интервал.',
    en: 'Monthly history, a 6-month forecast and its 95 % interval.',
  },
  'crm.forecasts.history': { ru: 'История', en: 'History' },
  'crm.forecasts.forecast': { ru: 'Прогноз', en: 'Forecast' },
  'crm.forecasts.lo': { ru: 'Нижняя граница 95 %', en: 'Lower 95 % bound' },
  'crm.forecasts.hi': { ru: 'Верхняя граница 95 %', en: 'Upper 95 % bound' },
  'crm.forecasts.month': { ru: 'Месяц', en: 'Month' },
  'crm.forecasts.accuracy': { ru: 'Точность на скользящем окне (горизонт 1–3 мес.)', en: 'Rolling-origin accuracy (1–3 months ahead)' },
  'crm.forecasts.col.method': { ru: 'Метод', en: 'Method' },
  'crm.forecasts.col.mae': { ru: 'MAE', en: 'MAE' },
  'crm.forecasts.col.wmape': { ru: 'wMAPE', en: 'wMAPE' },
  'crm.forecasts.col.mase': { ru: 'MASE', en: 'MASE' },
  'crm.forecasts.col.chosen': { ru: 'Выбран', en: 'Chosen' },
  'crm.forecasts.method.holt_winters': { ru: 'Хольт — Винтерс', en: 'Holt-Winters' },
  'crm.forecasts.method.seasonal_naive': { ru: 'Сезонный наивный', en: 'Seasonal naive' },
  'crm.forecasts.method.trailing_mean': { ru: 'Среднее за 12 мес.', en: '12-month mean' },
  'crm.forecasts.why.hw_beats_baseline': {
    ru: 'Хольт — Винтерс: MASE {hw} < 1 и меньше, чем у сезонного наивного ({sn}).',
    en: 'Holt-Winters: MASE {hw} < 1 and below the seasonal naive’s {sn}.',
  },
  'crm.forecasts.why.baseline_better': {
    ru: 'Сезонный наивный: MASE Хольта — Винтерса {hw} не лучше базового ({sn}).',
    en: 'Seasonal naive: Holt-Winters’ MASE {hw} does not beat the baseline’s {sn}.',
  },
  'crm.forecasts.why.hw_mase_not_below_one': {
    ru: 'Сезонный наивный: MASE Хольта — Винтерса {hw} не меньше 1.',
    en: 'Seasonal naive: Holt-Winters’ MASE {hw} is not below 1.',
  },
  'crm.forecasts.why.mase_undefined': {
    ru: 'Сезонный наивный: ряд в точности повторяет прошлый год, MASE не определён.',
    en: 'Seasonal naive: the series repeats last year exactly, MASE is undefined.',
  },
  'crm.forecasts.why.intermittent': {
    ru: 'Среднее за 12 месяцев: закупки редкие (мало месяцев с продажами), Хольт — Винтерс не применяется.',
    en: '12-month mean: buying is intermittent (few months with sales), no Holt-Winters.',
  },
  'crm.forecasts.why.too_short': {
    ru: 'Сезонный наивный: истории меньше 24 месяцев, Хольт — Винтерс не строится.',
    en: 'Seasonal naive: less than 24 months of history, no Holt-Winters.',
  },
  'crm.forecasts.why.too_short_trailing': {
    ru: 'Среднее: истории меньше 13 месяцев — для сезонных методов мало данных.',
    en: 'Mean: less than 13 months of history — too little for seasonal methods.',
  },
  'crm.forecasts.customerNone': { ru: 'По этому клиенту прогнозов нет.', en: 'No forecasts for this customer.' },
} satisfies Record<string, Entry>
