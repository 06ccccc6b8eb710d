"use client";

import { useRef, useState } from "react";
import { ImageDown } from "lucide-react";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { exportChartPng } from "@/components/whatif/export-chart-png";

export type TLegendItem = { label: string; color: string };

/** A chart with its title, an HTML legend and a "PNG" button that downloads exactly what is drawn. */
export function ChartFigure({ id, title, filename, legend, caption, height = "h-64", children }: {
  id: string;
  title: string;
  filename: string;
  legend?: TLegendItem[];
  caption?: React.ReactNode;
  height?: string;
  children: React.ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [busy, setBusy] = useState(false);
  const download = async () => {
    if (!ref.current) return;
    setBusy(true);
    try {
      await exportChartPng(ref.current, { filename, title, legend });
    } catch (e) {
      toast({ title: "Could not export the chart", description: e instanceof Error ? e.message : String(e), variant: "danger" });
    } finally {
      setBusy(false);
    }
  };
  return (
    <figure className="space-y-2" data-chart={id} aria-label={title}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <figcaption className="text-sm font-medium">{title}</figcaption>
        <Button type="button" variant="ghost" size="sm" onClick={download} loading={busy} aria-label={`Download ${title} as PNG`}>
          <ImageDown aria-hidden className="size-4" /> PNG
        </Button>
      </div>
      {legend?.length ? (
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted-foreground" aria-label="Legend">
          {legend.map((l) => (
            <li key={l.label} className="flex items-center gap-1.5"><span aria-hidden className="inline-block h-2 w-3.5 rounded-sm" style={{ background: l.color }} />{l.label}</li>
          ))}
        </ul>
      ) : null}
      <div ref={ref} className={height}>{children}</div>
      {caption ? <p className="text-xs text-muted-foreground">{caption}</p> : null}
    </figure>
  );
}
