import Link from "next/link";
import { Badge, StageBadge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { KeyValueList } from "@/components/ui/key-value-list";
import { RelativeTime } from "@/components/ui/relative-time";
import { EndpointExample } from "@/components/serving/endpoint-example";
import { FeedbackUpload } from "@/components/serving/feedback-upload";
import { LiveComparison } from "@/components/serving/live-comparison";
import { ServingEditor } from "@/components/serving/serving-editor";
import { formatShare } from "@/components/serving/serving-format";
import { routes } from "@/lib/routes";
import type { TServingConfig } from "@/lib/serving/get-serving-config";

type TServingCardData = Omit<TServingConfig, "updatedAt"> & { updatedAt: string | Date | null };

// The model page's "Serving" card: champion, challenger, logging and retention as they are, the
// editor for approvers, ground-truth upload for those who may record it, live numbers, the endpoint.
export function ServingCard({ data, canWriteFeedback }: { data: TServingCardData; canWriteFeedback: boolean }) {
  const { champion, challenger } = data;
  return (
    <Card>
      <CardHeader>
        <div className="flex flex-wrap items-start justify-between gap-2">
          <div className="space-y-1.5">
            <CardTitle>Serving</CardTitle>
            <CardDescription>How serve answers for this model, what it logs, and how a challenger does on live traffic.</CardDescription>
          </div>
          <div className="flex flex-wrap gap-2">
            {canWriteFeedback ? <FeedbackUpload /> : null}
            {data.canEdit ? <ServingEditor modelId={data.modelId} data={data} /> : null}
          </div>
        </div>
      </CardHeader>
      <CardContent className="space-y-6">
        <section aria-label="Serving settings" className="space-y-2">
          <KeyValueList
            layout="grid"
            className="lg:grid-cols-4"
            items={[
              {
                label: "Champion",
                value: champion ? (
                  <span className="flex items-center gap-2"><Link className="font-medium hover:underline" href={routes.version(champion.id)}>v{champion.number}</Link> <StageBadge stage="PRODUCTION" /></span>
                ) : <span className="text-muted-foreground">No production version: the endpoint answers 404 until one is promoted</span>,
              },
              {
                label: "Challenger",
                value: challenger ? (
                  <span className="flex flex-wrap items-center gap-2">
                    <Link className="font-medium hover:underline" href={routes.version(challenger.versionId)}>v{challenger.number}</Link>
                    <Badge variant="info">{challenger.mode === "SHADOW" ? "shadow" : `canary · ${formatShare(challenger.canaryShare)} of requests`}</Badge>
                    {challenger.active ? null : <Badge variant="warning">not served: v{challenger.number} is {challenger.stage.toLowerCase()}</Badge>}
                  </span>
                ) : <span className="text-muted-foreground">None</span>,
              },
              { label: "Prediction logging", value: `${formatShare(data.sampleRate)} of predictions` },
              { label: "Retention", value: <>{data.retentionDays} {data.retentionDays === 1 ? "day" : "days"}{data.isDefault ? <span className="text-muted-foreground"> (default)</span> : null}</> },
            ]}
          />
          <p className="text-xs text-muted-foreground">
            {data.updatedAt ? <>Changed{data.updatedBy ? ` by ${data.updatedBy}` : ""} <RelativeTime date={data.updatedAt} />. </> : null}
            {data.canEdit ? null : "Approvers of the team change these settings."}
          </p>
        </section>
        <LiveComparison modelId={data.modelId} sampleRate={data.sampleRate} challengerMode={challenger?.active ? challenger.mode : null} />
        <EndpointExample endpoint={data.endpoint} />
      </CardContent>
    </Card>
  );
}
