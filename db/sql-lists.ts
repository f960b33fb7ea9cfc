import { sql, type AnyColumn, type SQL } from 'drizzle-orm'

// `inArray` binds one parameter per value. An EDI order of 10,000 lines asks for 10,000 products, prices and
// stock rows at once, and then PostgreSQL's parse and bind of 10,000 placeholders (and drizzle's building of them)
// cost more than the query itself: about a second of the 3 s budget in bench:edi. A list here is ONE text
// parameter, an array literal typed by the cast on its placeholder, the same on PGlite and postgres.js and at any
// length. Typed so, the planner sees the array as a constant: it hashes it, and estimates from its length. (Cast
// from text, `($1::text)::uuid[]`, it would not be: array_in is only stable, so the value stays unknown until run
// time and a seq scan compares every row with all 10,000 elements — bench:edi never finished.)

/** The PostgreSQL array literal of `values`, every element quoted (so commas, braces and quotes are data). */
export function arrayLiteral(values: readonly string[]) {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`
}

/** `column = any(list)`, with the list as one parameter. An empty list matches nothing, as `inArray` does. */
export function anyOf(column: AnyColumn | SQL, values: readonly string[], type: 'uuid' | 'text' = 'uuid'): SQL {
  return sql`${column} = any(${arrayLiteral(values)}::${sql.raw(type)}[])`
}
