-- Prediction logs get cheaper to write (serve logs every prediction it answers):
--  * request_row_id becomes shadow_of_id: set only on a shadow challenger's row (the served prediction
--    whose input it scored), NULL on every served row instead of a copy of the row's own id, so the
--    index takes no random key per prediction;
--  * input becomes json: written once, read back whole, never queried inside, so PostgreSQL keeps the
--    text instead of converting it to jsonb.
-- Existing rows keep their pairs: a served row's request_row_id was its own id.

DROP INDEX "prediction_logs_request_row_id_idx";

ALTER TABLE "prediction_logs" RENAME COLUMN "request_row_id" TO "shadow_of_id";
ALTER TABLE "prediction_logs" ALTER COLUMN "shadow_of_id" DROP NOT NULL;
UPDATE "prediction_logs" SET "shadow_of_id" = NULL WHERE "shadow_of_id" = "id";

ALTER TABLE "prediction_logs" ALTER COLUMN "input" SET DATA TYPE JSON USING "input"::json;

CREATE INDEX "prediction_logs_shadow_of_id_idx" ON "prediction_logs"("shadow_of_id");
