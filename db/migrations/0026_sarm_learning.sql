-- Issue 14, trainings, events and the honour board. The board ranks assistants across dealers, yet row-level
-- security lets a dealer's request read only its own sales: this function answers the one thing the board needs,
-- with only the published fields (the first name and the surname's initial, the dealer's short name, the region,
-- the counted units, whether a consented photo stands) and only for people whose processing consent is in force.
CREATE FUNCTION sarm_honour_board(p_from date, p_to date, p_category uuid, p_limit integer)
RETURNS TABLE (user_id uuid, shown_name text, dealer text, region text, units bigint, has_photo boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT r.user_id,
    split_part(btrim(u.display_name), ' ', 1)
      || CASE WHEN split_part(btrim(u.display_name), ' ', 2) <> '' THEN ' ' || left(split_part(btrim(u.display_name), ' ', 2), 1) || '.' ELSE '' END,
    o.short_name,
    mode() WITHIN GROUP (ORDER BY s.region),
    sum(r.qty - r.returned_qty)::bigint,
    EXISTS (
      SELECT 1 FROM honour_photos hp
      WHERE hp.user_id = r.user_id AND hp.org_id = r.org_id
        AND EXISTS (SELECT 1 FROM personal_data_consents c WHERE c.user_id = r.user_id AND c.org_id = r.org_id
          AND c.purpose = 'honour_photo' AND c.withdrawn_at IS NULL))
  FROM sale_reports r
  JOIN shops s ON s.id = r.shop_id
  JOIN users u ON u.id = r.user_id
  JOIN organisations o ON o.id = r.org_id
  JOIN products p ON p.id = r.product_id
  WHERE r.status = 'confirmed' AND r.sold_on BETWEEN p_from AND p_to
    AND (p_category IS NULL OR p.category_id = p_category)
    AND EXISTS (SELECT 1 FROM personal_data_consents c WHERE c.user_id = r.user_id AND c.org_id = r.org_id
      AND c.purpose = 'processing' AND c.withdrawn_at IS NULL)
  GROUP BY r.user_id, r.org_id, u.display_name, o.short_name
  HAVING sum(r.qty - r.returned_qty) > 0
  ORDER BY 5 DESC, 2, 1
  LIMIT least(greatest(p_limit, 1), 100)
$$;
--> statement-breakpoint
-- Seats of an event and of an in-person training are shared by every dealer's people, yet row-level security lets a
-- dealer's request see only its own RSVPs. These functions answer only counts (the seats taken, the waiting list's
-- length, the caller's own place on it) and move the first waiting people up when seats are free, returning whom
-- to notify. The caller holds the event's (training's) row lock, so two requests never both take the last seat.
CREATE FUNCTION sarm_event_seats(p_event uuid, p_user uuid)
RETURNS TABLE (going bigint, waitlisted bigint, my_position bigint) LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp AS $$
  SELECT count(*) FILTER (WHERE status = 'going'), count(*) FILTER (WHERE status = 'waitlisted'),
    (SELECT count(*) FROM sarm_event_rsvps w, sarm_event_rsvps me
      WHERE me.event_id = p_event AND me.user_id = p_user AND me.status = 'waitlisted'
        AND w.event_id = p_event AND w.status = 'waitlisted' AND (w.created_at, w.id) <= (me.created_at, me.id))
  FROM sarm_event_rsvps WHERE event_id = p_event
$$;
--> statement-breakpoint
CREATE FUNCTION sarm_event_promote(p_event uuid)
RETURNS TABLE (user_id uuid, org_id uuid) LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH free AS (
    SELECT greatest(e.capacity - (SELECT count(*) FROM sarm_event_rsvps r WHERE r.event_id = p_event AND r.status = 'going'), 0) AS n
    FROM sarm_events e WHERE e.id = p_event
  ), up AS (
    SELECT r.id FROM sarm_event_rsvps r WHERE r.event_id = p_event AND r.status = 'waitlisted'
    ORDER BY r.created_at, r.id LIMIT (SELECT n FROM free) FOR UPDATE
  )
  UPDATE sarm_event_rsvps r SET status = 'going', updated_at = now() FROM up WHERE r.id = up.id
  RETURNING r.user_id, r.org_id
$$;
--> statement-breakpoint
CREATE FUNCTION sarm_training_seats(p_training uuid, p_user uuid)
RETURNS TABLE (going bigint, waitlisted bigint, my_position bigint) LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp AS $$
  SELECT count(*) FILTER (WHERE status IN ('registered', 'attended', 'absent')), count(*) FILTER (WHERE status = 'waitlisted'),
    (SELECT count(*) FROM training_registrations w, training_registrations me
      WHERE me.training_id = p_training AND me.user_id = p_user AND me.status = 'waitlisted'
        AND w.training_id = p_training AND w.status = 'waitlisted' AND (w.created_at, w.id) <= (me.created_at, me.id))
  FROM training_registrations WHERE training_id = p_training
$$;
--> statement-breakpoint
CREATE FUNCTION sarm_training_promote(p_training uuid)
RETURNS TABLE (user_id uuid, org_id uuid) LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH free AS (
    SELECT greatest(coalesce(t.capacity, 0) - (SELECT count(*) FROM training_registrations r
      WHERE r.training_id = p_training AND r.status IN ('registered', 'attended', 'absent')), 0) AS n
    FROM trainings t WHERE t.id = p_training
  ), up AS (
    SELECT r.id FROM training_registrations r WHERE r.training_id = p_training AND r.status = 'waitlisted'
    ORDER BY r.created_at, r.id LIMIT (SELECT n FROM free) FOR UPDATE
  )
  UPDATE training_registrations r SET status = 'registered', updated_at = now() FROM up WHERE r.id = up.id
  RETURNING r.user_id, r.org_id
$$;
