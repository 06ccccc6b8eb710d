import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { buildLinearRegressor } from "@/lib/onnx/build/linear-regressor";
import { buildLogisticClassifier } from "@/lib/onnx/build/logistic-classifier";
import { buildTreeEnsembleClassifier } from "@/lib/onnx/build/tree-ensemble-classifier";
import { toCsv } from "@/lib/onnx/demo/csv";
import {
  cardFraudData, demandData, leadScoringData, roundDataset, SUPPORT_TICKET_QUEUES, supportTicketData, type TDataset,
} from "@/lib/onnx/demo/datasets";
import { fitLeastSquares } from "@/lib/onnx/demo/fit-least-squares";
import { accuracy, logLoss, multiclassSummary, regressionMetrics, rocAuc, roundMetrics } from "@/lib/onnx/demo/metrics";
import { createRng } from "@/lib/onnx/demo/prng";
import { predictBoosting, trainGradientBoosting } from "@/lib/onnx/demo/train-gradient-boosting";
import { trainLogistic } from "@/lib/onnx/demo/train-logistic";
import { predictSoftmax, trainSoftmax } from "@/lib/onnx/demo/train-softmax";

export const DEMO_SEED = 20261122;
const TRAIN_ROWS = 6000;
const EVAL_ROWS = 2000;
const REFERENCE_ROWS = 2000;

/** Metadata as the upload API takes it (lib/versions/version-metadata.ts ZVersionMetadata). */
export type TDemoVersionMetadata = {
  features: string[];
  labelClasses?: string[];
  positiveClass?: string;
  params: Record<string, unknown>;
  trainingData: string;
  notes: string;
};

export type TDemoManifest = {
  seed: number;
  models: {
    name: string;
    task: "BINARY" | "MULTICLASS" | "REGRESSION";
    description: string;
    tags: string[];
    datasets: { evaluation: string; reference: string; labelColumn: string; rows: { evaluation: number; reference: number } };
    versions: { file: string; sha256: string; metadata: TDemoVersionMetadata; evaluationMetrics: Record<string, number> }[];
  }[];
};

/**
 * Generates the demo: seeded synthetic datasets, models trained on them in TypeScript and exported
 * the way skl2onnx exports their scikit-learn equivalents, evaluation and reference CSVs, and
 * manifest.json describing it all. Deterministic: every run writes byte-identical files.
 */
export async function makeDemoModels(outDir: string): Promise<TDemoManifest> {
  await fs.mkdir(outDir, { recursive: true });
  const write = async (file: string, data: string | Uint8Array) => {
    await fs.writeFile(path.join(outDir, file), data);
    return createHash("sha256").update(data).digest("hex");
  };
  const manifest: TDemoManifest = { seed: DEMO_SEED, models: [] };

  // Card fraud: logistic regression, v1 on five features with few epochs, v2 on all eight.
  {
    const rng = createRng(DEMO_SEED + 1);
    const train = roundDataset(cardFraudData(rng, TRAIN_ROWS));
    const evaluation = roundDataset(cardFraudData(rng, EVAL_ROWS));
    const datasets = await writeDatasets(write, "card-fraud", train, evaluation, (v) => String(v));
    const versions = [];
    for (const v of [
      { version: 1, featureCount: 5, epochs: 25, learningRate: 0.3, note: "first cut: five features, briefly trained" },
      { version: 2, featureCount: 8, epochs: 600, learningRate: 0.5, note: "all eight features, trained to convergence" },
    ]) {
      const cols = train.columns.slice(0, v.featureCount).map((c) => c.name);
      const fit = trainLogistic(train.rows.map((r) => r.slice(0, v.featureCount)), train.labels, { epochs: v.epochs, learningRate: v.learningRate, l2: 1e-4 });
      const bytes = buildLogisticClassifier({ coefficients: fit.coefficients, intercept: fit.intercept, featureNames: cols, classLabels: [0, 1], zipmap: true, style: "ml-linear" });
      const p = evaluation.rows.map((r) => 1 / (1 + Math.exp(-(fit.intercept + fit.coefficients.reduce((s, w, j) => s + w * r[j], 0)))));
      const file = `card-fraud-v${v.version}.onnx`;
      versions.push({
        file,
        sha256: await write(file, bytes),
        metadata: {
          features: cols, labelClasses: ["0", "1"], positiveClass: "1",
          params: { algorithm: "logistic_regression", solver: "gradient_descent", epochs: v.epochs, learning_rate: v.learningRate, l2: 1e-4 },
          trainingData: describeTraining("card transactions", TRAIN_ROWS, DEMO_SEED + 1, "card-fraud-reference.csv"),
          notes: `${v.note}. Exported like skl2onnx exports LogisticRegression (LinearClassifier + ZipMap).`,
        },
        evaluationMetrics: roundMetrics({ roc_auc: rocAuc(evaluation.labels, p), log_loss: logLoss(evaluation.labels, p), accuracy: accuracy(evaluation.labels, p) }),
      });
    }
    manifest.models.push({ name: "card-fraud", task: "BINARY", description: "Flags card transactions likely to be fraudulent, scored at authorisation time.", tags: ["fraud", "payments", "demo"], datasets, versions });
  }

  // Lead scoring: gradient-boosted trees on string labels lost/won.
  {
    const rng = createRng(DEMO_SEED + 2);
    const train = roundDataset(leadScoringData(rng, TRAIN_ROWS));
    const evaluation = roundDataset(leadScoringData(rng, EVAL_ROWS));
    const labelName = (v: number) => (v === 1 ? "won" : "lost");
    const datasets = await writeDatasets(write, "lead-scoring", train, evaluation, labelName);
    const params = { trees: 40, maxDepth: 3, learningRate: 0.15, minSamplesLeaf: 30, bins: 32 };
    const fit = trainGradientBoosting(train.rows, train.labels, params);
    const cols = train.columns.map((c) => c.name);
    const bytes = buildTreeEnsembleClassifier({ trees: fit.trees, baseValues: [fit.baseValue], postTransform: "LOGISTIC", featureNames: cols, classLabels: ["lost", "won"], zipmap: true });
    const p = evaluation.rows.map((r) => predictBoosting(fit, r));
    const file = "lead-scoring-v1.onnx";
    manifest.models.push({
      name: "lead-scoring", task: "BINARY", description: "Ranks inbound sales leads by their chance to convert.", tags: ["sales", "crm", "demo"], datasets,
      versions: [{
        file, sha256: await write(file, bytes),
        metadata: {
          features: cols, labelClasses: ["lost", "won"], positiveClass: "won",
          params: { algorithm: "gradient_boosting", loss: "log_loss", n_estimators: params.trees, max_depth: params.maxDepth, learning_rate: params.learningRate, min_samples_leaf: params.minSamplesLeaf, histogram_bins: params.bins },
          trainingData: describeTraining("sales leads", TRAIN_ROWS, DEMO_SEED + 2, "lead-scoring-reference.csv"),
          notes: "Exported like skl2onnx exports GradientBoostingClassifier (TreeEnsembleClassifier + ZipMap).",
        },
        evaluationMetrics: roundMetrics({ roc_auc: rocAuc(evaluation.labels, p), log_loss: logLoss(evaluation.labels, p), accuracy: accuracy(evaluation.labels, p) }),
      }],
    });
  }

  // Demand forecast: least-squares linear regression.
  {
    const rng = createRng(DEMO_SEED + 3);
    const train = roundDataset(demandData(rng, TRAIN_ROWS));
    const evaluation = roundDataset(demandData(rng, EVAL_ROWS));
    const datasets = await writeDatasets(write, "demand-forecast", train, evaluation, (v) => String(v));
    const fit = fitLeastSquares(train.rows, train.labels);
    const cols = train.columns.map((c) => c.name);
    const bytes = buildLinearRegressor({ coefficients: fit.coefficients, intercept: fit.intercept, featureNames: cols });
    const predicted = evaluation.rows.map((r) => fit.intercept + fit.coefficients.reduce((s, w, j) => s + w * r[j], 0));
    const file = "demand-forecast-v1.onnx";
    manifest.models.push({
      name: "demand-forecast", task: "REGRESSION", description: "Forecasts daily units sold per store from price, promotions, weather and calendar.", tags: ["retail", "forecasting", "demo"], datasets,
      versions: [{
        file, sha256: await write(file, bytes),
        metadata: {
          features: cols,
          params: { algorithm: "linear_regression", solver: "normal_equations" },
          trainingData: describeTraining("store-days", TRAIN_ROWS, DEMO_SEED + 3, "demand-forecast-reference.csv"),
          notes: "Exported like skl2onnx exports LinearRegression (LinearRegressor).",
        },
        evaluationMetrics: roundMetrics(regressionMetrics(evaluation.labels, predicted)),
      }],
    });
  }

  // Support-ticket routing: multinomial logistic regression over four queues, string labels.
  {
    const rng = createRng(DEMO_SEED + 4);
    const train = roundDataset(supportTicketData(rng, TRAIN_ROWS));
    const evaluation = roundDataset(supportTicketData(rng, EVAL_ROWS));
    const queues = [...SUPPORT_TICKET_QUEUES];
    const datasets = await writeDatasets(write, "support-ticket-routing", train, evaluation, (v) => queues[v]);
    const params = { epochs: 150, learningRate: 0.5, momentum: 0.9, l2: 1e-4 };
    const fit = trainSoftmax(train.rows, train.labels, queues.length, params);
    const cols = train.columns.map((c) => c.name);
    const bytes = buildLogisticClassifier({ coefficients: fit.coefficients, intercept: fit.intercepts, featureNames: cols, classLabels: queues, zipmap: true, style: "ml-linear" });
    const p = evaluation.rows.map((r) => predictSoftmax(fit, r));
    const file = "support-ticket-routing-v1.onnx";
    manifest.models.push({
      name: "support-ticket-routing", task: "MULTICLASS", description: "Routes incoming support tickets to the billing, technical, account or sales queue.", tags: ["support", "routing", "demo"], datasets,
      versions: [{
        file, sha256: await write(file, bytes),
        metadata: {
          features: cols, labelClasses: queues,
          params: { algorithm: "logistic_regression", multi_class: "multinomial", solver: "gradient_descent", epochs: params.epochs, learning_rate: params.learningRate, momentum: params.momentum, l2: params.l2 },
          trainingData: describeTraining("support tickets", TRAIN_ROWS, DEMO_SEED + 4, "support-ticket-routing-reference.csv"),
          notes: "Exported like skl2onnx exports LogisticRegression(multi_class='multinomial') (LinearClassifier with SOFTMAX, L1 Normalizer, ZipMap).",
        },
        evaluationMetrics: roundMetrics(multiclassSummary(evaluation.labels, p, queues.length)),
      }],
    });
  }

  await write("manifest.json", `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

async function writeDatasets(
  write: (file: string, data: string) => Promise<string>,
  name: string,
  train: TDataset,
  evaluation: TDataset,
  label: (v: number) => string,
) {
  const files = { evaluation: `${name}-evaluation.csv`, reference: `${name}-reference.csv` };
  await write(files.evaluation, toCsv(evaluation.columns, evaluation.rows, { name: evaluation.labelColumn, values: evaluation.labels.map(label) }));
  const ref = train.rows.slice(0, REFERENCE_ROWS);
  await write(files.reference, toCsv(train.columns, ref, { name: train.labelColumn, values: train.labels.slice(0, REFERENCE_ROWS).map(label) }));
  return { ...files, labelColumn: evaluation.labelColumn, rows: { evaluation: evaluation.rows.length, reference: ref.length } };
}

function describeTraining(what: string, rows: number, seed: number, sample: string): string {
  return `synthetic ${what}, ${rows} rows generated with seed ${seed} by lib/onnx/demo/datasets.ts; the first ${REFERENCE_ROWS} are in ${sample}`;
}
