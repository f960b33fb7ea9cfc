-- The inbound interchange key binds inside the partner profile's duplicate window (edi.ts): no longer unique for ever.
-- Outbound control numbers stay unique per partner.
DROP INDEX "edi_interchanges_key";--> statement-breakpoint
CREATE UNIQUE INDEX "edi_interchanges_out_key" ON "edi_interchanges" USING btree ("org_id","sender_id","recipient_id","control_ref") WHERE direction = 'out';--> statement-breakpoint
CREATE INDEX "edi_interchanges_key" ON "edi_interchanges" USING btree ("org_id","direction","sender_id","recipient_id","control_ref","created_at");