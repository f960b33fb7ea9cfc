-- Issue 14, contests: the indexes the contest checks read by, and the one cross-dealer read a participant may make.
-- The checks of a contest read every participating dealer's confirmed sales of seven periods at once (the contest
-- and its six-period baseline), so a partial index on confirmed reports by day serves them without the pending and
-- rejected ones.
CREATE INDEX "sale_reports_confirmed_day_idx" ON "sale_reports" USING btree ("sold_on", "shop_id", "user_id") WHERE status = 'confirmed';--> statement-breakpoint
CREATE INDEX "contest_awards_contest_idx" ON "contest_awards" USING btree ("contest_id", "rank");--> statement-breakpoint
CREATE INDEX "contest_flags_contest_idx" ON "contest_flags" USING btree ("contest_id", "shop_id");--> statement-breakpoint
-- The live leaderboard of a contest, for its participants: row-level security lets an assistant read only its own
-- dealer's sales, but the board ranks every dealer's. This answers only what the rules publish — the rank, the
-- seller's first name and initial, the dealer's short name, the shop's region and the score — and whether a row is
-- the viewer's own; never ids, shops or sales. Scores as the run computes them (confirmed units net of returns, or
-- revenue; with `improvement`, less the seller's mean of the six previous periods of the same length).
CREATE FUNCTION sarm_contest_leaderboard(p_contest uuid, p_viewer uuid, p_limit integer)
RETURNS TABLE (rank integer, seller text, dealer text, region text, score bigint, mine boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH c AS (
    SELECT id, period_start ps, period_end pe, (period_end - period_start + 1) len, metric, improvement, product_ids, category_ids, org_ids
    FROM contests WHERE id = p_contest AND status <> 'draft'
  ),
  s AS (
    SELECT r.user_id, r.shop_id, r.org_id,
      sum(CASE WHEN r.sold_on >= c.ps THEN (r.qty - r.returned_qty) * CASE WHEN c.metric = 'revenue' THEN r.unit_price_minor ELSE 1 END ELSE 0 END) now_score,
      sum(CASE WHEN r.sold_on < c.ps THEN (r.qty - r.returned_qty) * CASE WHEN c.metric = 'revenue' THEN r.unit_price_minor ELSE 1 END ELSE 0 END) base_score
    FROM c JOIN sale_reports r ON r.status = 'confirmed'
      AND r.sold_on BETWEEN (CASE WHEN c.improvement THEN c.ps - 6 * c.len ELSE c.ps END) AND c.pe
      AND (cardinality(c.org_ids) = 0 OR r.org_id = ANY (c.org_ids))
    LEFT JOIN products p ON p.id = r.product_id
    WHERE (cardinality(c.product_ids) = 0 AND cardinality(c.category_ids) = 0)
      OR r.product_id = ANY (c.product_ids) OR p.category_id = ANY (c.category_ids)
    GROUP BY r.user_id, r.shop_id, r.org_id
  ),
  ranked AS (
    SELECT s.user_id, s.shop_id, s.org_id,
      round(s.now_score - CASE WHEN c.improvement THEN s.base_score / 6.0 ELSE 0 END)::bigint sc
    FROM s, c
  ),
  board AS (
    SELECT (row_number() OVER (ORDER BY sc DESC, user_id))::integer rk, user_id, shop_id, org_id, sc FROM ranked WHERE sc > 0
  )
  SELECT b.rk,
    split_part(u.display_name, ' ', 1) || CASE WHEN split_part(u.display_name, ' ', 2) <> ''
      THEN ' ' || left(split_part(u.display_name, ' ', 2), 1) || '.' ELSE '' END,
    o.short_name, sh.region, b.sc, b.user_id = p_viewer
  FROM board b JOIN users u ON u.id = b.user_id JOIN organisations o ON o.id = b.org_id JOIN shops sh ON sh.id = b.shop_id
  WHERE b.rk <= p_limit OR b.user_id = p_viewer
  ORDER BY b.rk
$$;
--> statement-breakpoint
-- R6 compares serials as people write them (case and spaces aside): the unique key compares them exactly.
CREATE INDEX "sale_reports_serial_norm_idx" ON "sale_reports" USING btree ("product_id", upper(replace("serial", ' ', ''))) WHERE serial IS NOT NULL AND status <> 'rejected';
