import { eq, sql } from 'drizzle-orm'
import { db } from '../../../db/client.server'
import { rowsOf } from '../../../db/drivers.server'
import { categories } from '../../../db/schema'
import { honourPhotos } from '../../../db/schema/sarm'

// The honour board (issue 14): the month's top assistants across every dealer, by confirmed units net of returns,
// through migration 0026's definer function (published fields only). A photo is the person's own by consent: the
// row exists only while the consent does (withdrawal deletes it in the same transaction), so serving it needs no
// other check.

export const HONOUR_TOP = 20

export type HonourRow = { userId: string; name: string; dealer: string; region: string; units: number; hasPhoto: boolean }

/** The month as YYYY-MM: its first and last day. */
export function monthBounds(month: string) {
  const [y, m] = month.split('-').map(Number)
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` }
}

export async function honourBoard({ month, categoryId }: { month: string; categoryId: string | null }): Promise<HonourRow[]> {
  const { from, to } = monthBounds(month)
  const rows = rowsOf<{ user_id: string; shown_name: string; dealer: string; region: string; units: string; has_photo: boolean }>(
    await db.execute(
      sql`select user_id, shown_name, dealer, region, units, has_photo from sarm_honour_board(${from}::date, ${to}::date, ${categoryId}::uuid, ${HONOUR_TOP})`,
    ),
  )
  return rows.map((r) => ({
    userId: r.user_id,
    name: r.shown_name,
    dealer: r.dealer,
    region: r.region,
    units: Number(r.units),
    hasPhoto: !!r.has_photo,
  }))
}

export async function honourCategories() {
  return db
    .select({ id: categories.id, nameRu: categories.nameRu, nameEn: categories.nameEn })
    .from(categories)
    .orderBy(categories.sort, categories.nameRu)
}

export async function honourPhoto(userId: string) {
  const [row] = await db.select({ mime: honourPhotos.mime, bytes: honourPhotos.bytes }).from(honourPhotos).where(eq(honourPhotos.userId, userId))
  return row ?? null
}
