-- CreateTable
CREATE TABLE "scenarios" (
    "id" TEXT NOT NULL,
    "model_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "inputs" JSONB NOT NULL,
    "versions" JSONB NOT NULL,
    "created_by_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "scenarios_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "promotion_scenarios" (
    "request_id" TEXT NOT NULL,
    "scenario_id" TEXT NOT NULL,
    "summary" JSONB NOT NULL,
    "attached_by_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "promotion_scenarios_pkey" PRIMARY KEY ("request_id","scenario_id")
);

-- CreateIndex
CREATE INDEX "scenarios_created_by_id_idx" ON "scenarios"("created_by_id");

-- CreateIndex
CREATE UNIQUE INDEX "scenarios_model_id_name_key" ON "scenarios"("model_id", "name");

-- CreateIndex
CREATE INDEX "promotion_scenarios_scenario_id_idx" ON "promotion_scenarios"("scenario_id");

-- AddForeignKey
ALTER TABLE "scenarios" ADD CONSTRAINT "scenarios_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "registered_models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scenarios" ADD CONSTRAINT "scenarios_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "promotion_scenarios" ADD CONSTRAINT "promotion_scenarios_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "promotion_requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "promotion_scenarios" ADD CONSTRAINT "promotion_scenarios_scenario_id_fkey" FOREIGN KEY ("scenario_id") REFERENCES "scenarios"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "promotion_scenarios" ADD CONSTRAINT "promotion_scenarios_attached_by_id_fkey" FOREIGN KEY ("attached_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
