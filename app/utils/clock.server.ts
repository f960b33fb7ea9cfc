// The business clock (db/clock.server.ts) for routes: Remix leaves only `.server` files under app/ out of the
// browser bundle, so a route importing db/clock.server directly pulls the database drivers into the browser build.
export { businessClock, operatorDayStart, operatorTimeZone, operatorYear } from '../../db/clock.server'
