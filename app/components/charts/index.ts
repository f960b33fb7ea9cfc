// The portal's one chart library (issue 13): SVG composed by React with @visx scales and shapes — it renders on the
// server and hydrates identically (fixed viewBox, 100 % wide by CSS, no measuring, ids from useId).
// @visx/text and @visx/axis are not used: their <Text> writes a style attribute, which the CSP (style-src 'self') refuses.
export { ChartFrame, type ChartTable } from './chart-frame'
export { BarChart, type BarDatum, type BarSeries } from './bar-chart'
export { LineChart, type LinePoint, type LineSeries } from './line-chart'
export { StackedBarChart, type StackRow } from './stacked-bar'
export { formatMonth, type ValueKind, type XKind } from './scale'
