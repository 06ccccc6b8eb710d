import type { TColumn } from "@/lib/onnx/demo/datasets";

/** Renders a dataset as CSV: header, then one line per row, numbers at their column's precision. */
export function toCsv(columns: TColumn[], rows: number[][], label: { name: string; values: (number | string)[] }): string {
  const lines = [[...columns.map((c) => c.name), label.name].join(",")];
  rows.forEach((row, i) => {
    lines.push([...row.map((v, j) => v.toFixed(columns[j].decimals)), String(label.values[i])].join(","));
  });
  return `${lines.join("\n")}\n`;
}
