"use client";

import { useRouter } from "next/navigation";
import { routes } from "@/lib/routes";

const selectClasses = "h-9 rounded-md border border-input bg-card px-3 text-sm";

// Which dataset the compared metrics come from, and which version the deltas are measured against.
export function CompareControls({ modelId, versions, datasetId, baseNumber, datasets }: {
  modelId: string;
  versions: number[];
  datasetId: string | null;
  baseNumber: number;
  datasets: { id: string; name: string; rowCount: number }[];
}) {
  const router = useRouter();
  const go = (q: { dataset?: string; base?: number }) =>
    router.push(routes.compare(modelId, { versions, dataset: q.dataset ?? datasetId ?? undefined, base: q.base ?? baseNumber }));
  return (
    <div className="flex flex-wrap items-end gap-4">
      <label className="grid gap-1 text-sm">
        <span className="font-medium">Dataset</span>
        <select className={selectClasses} value={datasetId ?? ""} onChange={(e) => go({ dataset: e.target.value })} disabled={!datasets.length}>
          {datasets.length ? null : <option value="">no evaluation dataset</option>}
          {datasets.map((d) => <option key={d.id} value={d.id}>{d.name} ({d.rowCount.toLocaleString()} rows)</option>)}
        </select>
      </label>
      <label className="grid gap-1 text-sm">
        <span className="font-medium">Deltas against</span>
        <select className={selectClasses} value={baseNumber} onChange={(e) => go({ base: Number(e.target.value) })}>
          {versions.map((n) => <option key={n} value={n}>v{n}</option>)}
        </select>
      </label>
    </div>
  );
}
