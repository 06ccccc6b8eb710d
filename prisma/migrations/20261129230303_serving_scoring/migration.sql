-- CreateEnum
CREATE TYPE "ChallengerMode" AS ENUM ('SHADOW', 'CANARY');

-- CreateEnum
CREATE TYPE "PredictionRole" AS ENUM ('CHAMPION', 'CHALLENGER');

-- AlterTable
ALTER TABLE "api_tokens" ADD COLUMN     "rate_limit_per_second" INTEGER;

-- CreateTable
CREATE TABLE "serving_configs" (
    "id" TEXT NOT NULL,
    "model_id" TEXT NOT NULL,
    "sample_rate" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "retention_days" INTEGER NOT NULL DEFAULT 30,
    "challenger_version_id" TEXT,
    "challenger_mode" "ChallengerMode",
    "canary_share" DOUBLE PRECISION NOT NULL DEFAULT 0.1,
    "updated_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "serving_configs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "prediction_logs" (
    "id" TEXT NOT NULL,
    "model_id" TEXT NOT NULL,
    "version_id" TEXT NOT NULL,
    "role" "PredictionRole" NOT NULL DEFAULT 'CHAMPION',
    "served" BOOLEAN NOT NULL DEFAULT true,
    "request_row_id" TEXT NOT NULL,
    "token_id" TEXT,
    "input" JSONB NOT NULL,
    "output" JSONB NOT NULL,
    "latency_ms" DOUBLE PRECISION NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "prediction_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "feedback" (
    "prediction_id" TEXT NOT NULL,
    "actual" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'api',
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "feedback_pkey" PRIMARY KEY ("prediction_id")
);

-- CreateTable
CREATE TABLE "scoring_jobs" (
    "id" TEXT NOT NULL,
    "model_id" TEXT NOT NULL,
    "version_id" TEXT,
    "use_production" BOOLEAN NOT NULL DEFAULT false,
    "dataset_id" TEXT NOT NULL,
    "schedule_id" TEXT,
    "status" "JobStatus" NOT NULL DEFAULT 'QUEUED',
    "rows_total" INTEGER,
    "rows_done" INTEGER NOT NULL DEFAULT 0,
    "rows_failed" INTEGER NOT NULL DEFAULT 0,
    "rows_per_second" DOUBLE PRECISION,
    "max_error_share" DOUBLE PRECISION NOT NULL DEFAULT 0.05,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "output_key" TEXT,
    "output_size" BIGINT,
    "output_sha256" TEXT,
    "error_report_key" TEXT,
    "requested_by_id" TEXT NOT NULL,
    "cancel_requested_at" TIMESTAMP(3),
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "scoring_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scoring_schedules" (
    "id" TEXT NOT NULL,
    "model_id" TEXT NOT NULL,
    "dataset_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "cron" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "last_run_at" TIMESTAMP(3),
    "created_by_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "scoring_schedules_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "serving_configs_model_id_key" ON "serving_configs"("model_id");

-- CreateIndex
CREATE INDEX "serving_configs_challenger_version_id_idx" ON "serving_configs"("challenger_version_id");

-- CreateIndex
CREATE INDEX "prediction_logs_model_id_created_at_idx" ON "prediction_logs"("model_id", "created_at");

-- CreateIndex
CREATE INDEX "prediction_logs_version_id_created_at_idx" ON "prediction_logs"("version_id", "created_at");

-- CreateIndex
CREATE INDEX "prediction_logs_request_row_id_idx" ON "prediction_logs"("request_row_id");

-- CreateIndex
CREATE INDEX "scoring_jobs_model_id_created_at_idx" ON "scoring_jobs"("model_id", "created_at");

-- CreateIndex
CREATE INDEX "scoring_jobs_version_id_idx" ON "scoring_jobs"("version_id");

-- CreateIndex
CREATE INDEX "scoring_jobs_dataset_id_idx" ON "scoring_jobs"("dataset_id");

-- CreateIndex
CREATE INDEX "scoring_jobs_schedule_id_idx" ON "scoring_jobs"("schedule_id");

-- CreateIndex
CREATE INDEX "scoring_jobs_status_idx" ON "scoring_jobs"("status");

-- CreateIndex
CREATE INDEX "scoring_schedules_dataset_id_idx" ON "scoring_schedules"("dataset_id");

-- CreateIndex
CREATE UNIQUE INDEX "scoring_schedules_model_id_name_key" ON "scoring_schedules"("model_id", "name");

-- AddForeignKey
ALTER TABLE "serving_configs" ADD CONSTRAINT "serving_configs_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "registered_models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "serving_configs" ADD CONSTRAINT "serving_configs_challenger_version_id_fkey" FOREIGN KEY ("challenger_version_id") REFERENCES "model_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "prediction_logs" ADD CONSTRAINT "prediction_logs_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "registered_models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "prediction_logs" ADD CONSTRAINT "prediction_logs_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "model_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_prediction_id_fkey" FOREIGN KEY ("prediction_id") REFERENCES "prediction_logs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scoring_jobs" ADD CONSTRAINT "scoring_jobs_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "registered_models"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scoring_jobs" ADD CONSTRAINT "scoring_jobs_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scoring_jobs" ADD CONSTRAINT "scoring_jobs_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scoring_jobs" ADD CONSTRAINT "scoring_jobs_schedule_id_fkey" FOREIGN KEY ("schedule_id") REFERENCES "scoring_schedules"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scoring_jobs" ADD CONSTRAINT "scoring_jobs_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scoring_schedules" ADD CONSTRAINT "scoring_schedules_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "registered_models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scoring_schedules" ADD CONSTRAINT "scoring_schedules_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scoring_schedules" ADD CONSTRAINT "scoring_schedules_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Ranges the application also checks, kept true whatever writes the rows.
ALTER TABLE "serving_configs" ADD CONSTRAINT "serving_configs_sample_rate_range" CHECK ("sample_rate" >= 0 AND "sample_rate" <= 1);
ALTER TABLE "serving_configs" ADD CONSTRAINT "serving_configs_canary_share_range" CHECK ("canary_share" >= 0 AND "canary_share" <= 1);
ALTER TABLE "serving_configs" ADD CONSTRAINT "serving_configs_retention_days_min" CHECK ("retention_days" >= 1);
ALTER TABLE "serving_configs" ADD CONSTRAINT "serving_configs_challenger_mode_with_version" CHECK ("challenger_version_id" IS NULL OR "challenger_mode" IS NOT NULL);
ALTER TABLE "scoring_jobs" ADD CONSTRAINT "scoring_jobs_max_error_share_range" CHECK ("max_error_share" >= 0 AND "max_error_share" <= 1);
