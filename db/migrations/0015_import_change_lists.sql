-- An import's change list (issue 10, item 1): each product, stock level or price an import creates or changes,
-- field by field with the value before and after. The preview shows it, apply writes exactly it, and it stays as
-- the applied import's record. It replaces the parsed rows kept between preview and apply.
CREATE TABLE "catalog_import_changes" (
	"import_id" uuid NOT NULL,
	"line" integer NOT NULL,
	"action" text NOT NULL,
	"sku" text NOT NULL,
	"product_id" uuid,
	"target" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"changes" jsonb NOT NULL,
	CONSTRAINT "catalog_import_changes_import_id_line_pk" PRIMARY KEY("import_id","line")
);
--> statement-breakpoint
ALTER TABLE "catalog_import_changes" ADD CONSTRAINT "catalog_import_changes_import_id_catalog_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."catalog_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- The app role's rights come from 0014's default privileges only when the same role runs this migration.
GRANT SELECT, INSERT, UPDATE, DELETE ON "catalog_import_changes" TO portal_app;--> statement-breakpoint
-- A preview waiting when this runs has no change list to write: it is closed, and the page asks for the file again.
UPDATE "catalog_imports" SET "status" = 'failed', "failure" = 'import.error.expired' WHERE "status" IN ('previewed', 'applying');--> statement-breakpoint
ALTER TABLE "catalog_imports" DROP COLUMN "rows";
