"use client";

import { useQuery } from "@tanstack/react-query";
import { Inbox } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { formatRelative } from "@/components/ui/relative-time";
import { DeliveryStatusBadge } from "@/components/webhooks/delivery-status";
import { webhookKeys } from "@/components/webhooks/webhook-keys";
import { apiFetch, ApiError } from "@/lib/http/api-client";
import { routes } from "@/lib/routes";
import type { TWebhookDeliveryDto } from "@/lib/webhooks/webhook-dto";

const IN_FLIGHT = new Set(["QUEUED", "RUNNING"]);

// The latest deliveries of one webhook, polled while any of them is still queued or running
// (a delivery waiting for a retry is QUEUED with the last attempt's error).
export function DeliveryLog({ webhookId }: { webhookId: string }) {
  const { data, error, isPending } = useQuery({
    queryKey: webhookKeys.deliveries(webhookId),
    queryFn: () => apiFetch<{ deliveries: TWebhookDeliveryDto[] }>(`${routes.api.webhookDeliveries(webhookId)}?limit=20`).then((r) => r.deliveries),
    refetchInterval: (q) => (q.state.data?.some((d) => IN_FLIGHT.has(d.status)) ? 2000 : false),
  });
  if (isPending) return <Skeleton className="h-24 w-full" />;
  if (error) return <Alert variant="danger" title={error instanceof ApiError ? error.message : "Could not load the delivery log"} />;
  if (data.length === 0) {
    return (
      <p className="flex items-center gap-2 rounded-md border border-dashed border-border px-3 py-4 text-sm text-muted-foreground">
        <Inbox className="size-4" aria-hidden /> No deliveries yet. Send a test to try the receiver.
      </p>
    );
  }
  return (
    <Table aria-label="Delivery log">
      <THead>
        <TR><TH>Event</TH><TH>Status</TH><TH className="hidden text-right sm:table-cell">Attempts</TH><TH className="hidden sm:table-cell">Response</TH><TH className="hidden md:table-cell">Time</TH></TR>
      </THead>
      <TBody>
        {data.map((d) => (
          <TR key={d.id}>
            <TD className="align-top">
              <div className="font-mono text-xs">{d.event}</div>
              {d.error ? <p className="mt-1 max-w-xl text-xs break-words text-danger-text">{d.error}</p> : null}
            </TD>
            <TD className="align-top">
              <DeliveryStatusBadge status={d.status} attempts={d.attempts} />
              {/* Phones hide the attempts and response columns; say them here instead. */}
              <p className="mt-1 text-xs text-muted-foreground sm:hidden">
                {d.attempts === 1 ? "1 attempt" : `${d.attempts} attempts`}{d.responseStatus ? ` · HTTP ${d.responseStatus}` : ""}
              </p>
            </TD>
            <TD className="hidden text-right align-top tabular-nums sm:table-cell">{d.attempts}</TD>
            <TD className="hidden align-top font-mono text-xs sm:table-cell">{d.responseStatus ?? "—"}</TD>
            <TD className="hidden align-top text-sm whitespace-nowrap text-muted-foreground md:table-cell">
              <time dateTime={d.createdAt} title={d.createdAt.replace("T", " ").slice(0, 19) + " UTC"}>{formatRelative(new Date(d.createdAt))}</time>
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}
