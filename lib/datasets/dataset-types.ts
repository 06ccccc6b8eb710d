// The profile stored with a dataset (Dataset.columns, Dataset.preview). Plain data, shared by the
// server (profile-csv, evaluation) and the browser (dataset pages): no imports.

export type TColumnType = "numeric" | "categorical" | "boolean";

export type TColumnProfile = {
  name: string;
  type: TColumnType;
  // Empty or blank cells.
  nullCount: number;
  // Every non-null value parsed as a decimal number (false for a column with no values). Evaluation
  // refuses a feature the model needs as numeric when this is false, citing firstNonNumeric.
  allNumeric: boolean;
  // Exact up to the tracking cap; a lower bound when distinctCapped.
  distinctCount: number;
  distinctCapped: boolean;
  numeric?: { count: number; min: number; max: number; mean: number };
  // Most frequent values, at most 20 (for a numeric column only when it has at most 20 values).
  distinct?: { value: string; count: number }[];
  // In a column that is partly numeric: the first value that is not a number (row 1 = first data row).
  firstNonNumeric?: { row: number; value: string };
};

export type TCsvProfile = {
  rowCount: number;
  columns: TColumnProfile[];
  // The first rows, as strings, in header order.
  preview: string[][];
};

// SCORING: input for batch scoring (lib/scoring); its rows need no label.
export const DATASET_ROLES = ["REFERENCE", "EVALUATION", "SCORING"] as const;
export type TDatasetRole = (typeof DATASET_ROLES)[number];
