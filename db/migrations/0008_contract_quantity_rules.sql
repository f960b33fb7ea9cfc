CREATE TABLE "contract_quantity_rules" (
	"org_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"min_qty" integer,
	"increment" integer,
	"max_qty" integer,
	CONSTRAINT "contract_quantity_rules_org_id_product_id_pk" PRIMARY KEY("org_id","product_id"),
	CONSTRAINT "contract_quantity_rules_positive" CHECK (coalesce("contract_quantity_rules"."min_qty", 1) > 0 and coalesce("contract_quantity_rules"."increment", 1) > 0 and coalesce("contract_quantity_rules"."max_qty", 1) > 0)
);
--> statement-breakpoint
ALTER TABLE "contract_quantity_rules" ADD CONSTRAINT "contract_quantity_rules_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_quantity_rules" ADD CONSTRAINT "contract_quantity_rules_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;