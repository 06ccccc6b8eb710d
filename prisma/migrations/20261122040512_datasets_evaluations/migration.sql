-- CreateEnum
CREATE TYPE "DatasetRole" AS ENUM ('REFERENCE', 'EVALUATION', 'SCORING');

-- AlterTable
ALTER TABLE "registered_models" ADD COLUMN     "default_evaluation_dataset_id" TEXT;

-- CreateTable
CREATE TABLE "datasets" (
    "id" TEXT NOT NULL,
    "team_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "sha256" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "storage_key" TEXT NOT NULL,
    "original_filename" TEXT,
    "row_count" INTEGER NOT NULL,
    "columns" JSONB NOT NULL,
    "preview" JSONB NOT NULL,
    "label_column" TEXT,
    "created_by_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "datasets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model_datasets" (
    "model_id" TEXT NOT NULL,
    "dataset_id" TEXT NOT NULL,
    "role" "DatasetRole" NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "model_datasets_pkey" PRIMARY KEY ("model_id","dataset_id","role")
);

-- CreateTable
CREATE TABLE "evaluation_runs" (
    "id" TEXT NOT NULL,
    "version_id" TEXT NOT NULL,
    "dataset_id" TEXT NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'QUEUED',
    "rows_total" INTEGER,
    "rows_done" INTEGER NOT NULL DEFAULT 0,
    "rows_per_second" DOUBLE PRECISION,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "metrics" JSONB,
    "curves" JSONB,
    "profile" JSONB,
    "requested_by_id" TEXT NOT NULL,
    "cancel_requested_at" TIMESTAMP(3),
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "evaluation_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "datasets_team_id_idx" ON "datasets"("team_id");

-- CreateIndex
CREATE INDEX "datasets_sha256_idx" ON "datasets"("sha256");

-- CreateIndex
CREATE UNIQUE INDEX "datasets_team_id_name_key" ON "datasets"("team_id", "name");

-- CreateIndex
CREATE INDEX "model_datasets_dataset_id_idx" ON "model_datasets"("dataset_id");

-- CreateIndex
CREATE INDEX "evaluation_runs_version_id_idx" ON "evaluation_runs"("version_id");

-- CreateIndex
CREATE INDEX "evaluation_runs_dataset_id_idx" ON "evaluation_runs"("dataset_id");

-- CreateIndex
CREATE INDEX "evaluation_runs_status_idx" ON "evaluation_runs"("status");

-- AddForeignKey
ALTER TABLE "registered_models" ADD CONSTRAINT "registered_models_default_evaluation_dataset_id_fkey" FOREIGN KEY ("default_evaluation_dataset_id") REFERENCES "datasets"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "datasets" ADD CONSTRAINT "datasets_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "datasets" ADD CONSTRAINT "datasets_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_datasets" ADD CONSTRAINT "model_datasets_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "registered_models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_datasets" ADD CONSTRAINT "model_datasets_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evaluation_runs" ADD CONSTRAINT "evaluation_runs_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "model_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evaluation_runs" ADD CONSTRAINT "evaluation_runs_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evaluation_runs" ADD CONSTRAINT "evaluation_runs_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
