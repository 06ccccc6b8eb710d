import type * as React from "react";
import type { TGatePolicy } from "@/lib/gates/policy";
import type { ModelTask } from "@/lib/generated/prisma/enums";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { productionRules, stagingRules } from "@/components/gates/policy-text";

/** What the summary needs of GET /api/v1/models/{id}/policy (lib/gates/get-model-policy.ts). */
export type TPolicySummaryData = {
  policy: TGatePolicy;
  revision: number;
  isDefault: boolean;
  updatedAt: Date | string | null;
  updatedBy: string | null;
};

// The gate policy in force, as rules a reviewer reads in one pass. Server-renderable; `action` is
// where the page puts the editor's trigger for those who may edit.
export function PolicySummary({ data, task, action }: { data: TPolicySummaryData; task: ModelTask; action?: React.ReactNode }) {
  const { policy, revision, isDefault, updatedAt, updatedBy } = data;
  return (
    <section aria-label="Gate policy" className="space-y-3" data-policy-revision={revision}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="space-y-1">
          <h3 className="text-sm font-semibold">Gate policy</h3>
          <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-muted-foreground">
            {isDefault ? (
              <Badge variant="neutral">default for {task.toLowerCase()} models</Badge>
            ) : (
              <>
                <span>Revision {revision}</span>
                {updatedBy || updatedAt ? <span aria-hidden>·</span> : null}
                {updatedBy || updatedAt ? (
                  <span>
                    changed{updatedBy ? ` by ${updatedBy}` : ""}{updatedAt ? <> <RelativeTime date={updatedAt} /></> : null}
                  </span>
                ) : null}
              </>
            )}
          </p>
        </div>
        {action}
      </div>
      <dl className="space-y-2 text-sm">
        <Rules stage="staging" title="Staging" rules={stagingRules(policy.staging)} />
        <Rules stage="production" title="Production" rules={productionRules(policy.production)} />
      </dl>
    </section>
  );
}

function Rules({ stage, title, rules }: { stage: string; title: string; rules: string[] }) {
  return (
    <div data-policy-stage={stage}>
      <dt className="inline font-medium">{title}: </dt>
      <dd className="inline">
        <ul className="inline">
          {rules.map((rule, i) => (
            <li key={rule} className="inline">
              {i > 0 ? <span aria-hidden className="text-muted-foreground"> · </span> : null}
              {rule}
            </li>
          ))}
        </ul>
      </dd>
    </div>
  );
}
