CREATE INDEX "products_sku_trgm_gist" ON "products" USING gist ("sku" gist_trgm_ops);--> statement-breakpoint
CREATE INDEX "products_name_ru_trgm_gist" ON "products" USING gist ("name_ru" gist_trgm_ops);--> statement-breakpoint
CREATE INDEX "products_name_en_trgm_gist" ON "products" USING gist ("name_en" gist_trgm_ops);