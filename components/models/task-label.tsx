const LABELS = { BINARY: "Binary classification", MULTICLASS: "Multiclass classification", REGRESSION: "Regression" } as const;

export function TaskLabel({ task }: { task: keyof typeof LABELS }) {
  return <span className="text-sm text-muted-foreground">{LABELS[task]}</span>;
}
