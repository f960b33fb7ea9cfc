-- Issue 14, part "sales": a POS line finds the sale it returns (and a re-uploaded line its earlier self) by the
-- dealer, the receipt and the product; without this index each line of a file scans the dealer's reports.
CREATE INDEX IF NOT EXISTS sale_reports_receipt_idx ON sale_reports (org_id, receipt_no, product_id);
