import { Binary, Hash, ListTree, Scale, Star, Target } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import type { TColumnType } from "@/lib/datasets/dataset-types";

const ROLE = {
  REFERENCE: { label: "Reference", variant: "neutral", icon: Scale },
  EVALUATION: { label: "Evaluation", variant: "info", icon: Target },
  SCORING: { label: "Scoring", variant: "outline", icon: ListTree },
} as const;

/** A dataset's role for a model: icon + text. */
export function DatasetRoleBadge({ role }: { role: string }) {
  const look = ROLE[role as keyof typeof ROLE] ?? { label: role.toLowerCase(), variant: "neutral" as const, icon: ListTree };
  const Icon = look.icon;
  return <Badge variant={look.variant}><Icon aria-hidden="true" />{look.label}</Badge>;
}

export function DefaultDatasetBadge() {
  return <Badge variant="success" title="Gates evaluate on this dataset unless a run names another"><Star aria-hidden="true" />Default</Badge>;
}

const TYPE = {
  numeric: { label: "numeric", icon: Hash },
  categorical: { label: "categorical", icon: ListTree },
  boolean: { label: "boolean", icon: Binary },
} as const;

export function ColumnTypeBadge({ type }: { type: TColumnType }) {
  const look = TYPE[type] ?? TYPE.categorical;
  const Icon = look.icon;
  return <Badge variant="outline"><Icon aria-hidden="true" />{look.label}</Badge>;
}
