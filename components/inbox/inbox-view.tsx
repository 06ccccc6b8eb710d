"use client";

import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Bell, CheckCheck, GitPullRequestArrow } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { inboxKeys } from "@/components/inbox/inbox-bell";
import { apiFetch } from "@/lib/http/api-client";
import { routes } from "@/lib/routes";
import { cn } from "@/lib/utils/cn";

type TNotice = { id: string; kind: string; title: string; body: string; href: string | null; readAt: string | null; createdAt: string };
type TOpenRequest = {
  id: string; target: string; status: string; ready: boolean; comment: string; createdAt: string; requestedBy: string; model: string;
  version: { id: string; number: number }; quorum: { needed: number; valid: number }; blocking: string[];
};

// Open promotion requests of the user's teams (with what still blocks each), then their notices.
export function InboxView({ initial, requests }: { initial: { items: TNotice[]; unread: number }; requests: TOpenRequest[] }) {
  const queryClient = useQueryClient();
  const { data } = useQuery({
    queryKey: ["notifications", "list"],
    queryFn: () => apiFetch<{ items: TNotice[]; unread: number }>(routes.api.notifications()),
    initialData: initial,
    refetchInterval: 30_000,
  });
  const markAll = useMutation({
    mutationFn: () => apiFetch<{ unread: number }>(routes.api.notificationsRead(), { body: { ids: "all" } }),
    onSuccess: (r) => {
      queryClient.setQueryData(inboxKeys.unread, r);
      void queryClient.invalidateQueries({ queryKey: ["notifications", "list"] });
    },
  });
  return (
    <div className="grid gap-6 lg:grid-cols-2 [&>*]:min-w-0">
      <Card>
        <CardHeader>
          <CardTitle>Open promotion requests</CardTitle>
          <CardDescription>Oldest first. Open one to see its evidence and decide.</CardDescription>
        </CardHeader>
        <CardContent>
          {requests.length === 0 ? (
            <EmptyState icon={<GitPullRequestArrow aria-hidden />} title="Nothing to decide" description="Requests from your teams appear here." />
          ) : (
            <ul className="divide-y divide-border" aria-label="Open promotion requests">
              {requests.map((r) => (
                <li key={r.id} className="py-3" data-request={r.id}>
                  <div className="flex flex-wrap items-center gap-2">
                    <Link className="font-medium hover:underline" href={routes.version(r.version.id)}>{r.model} v{r.version.number} → {r.target.toLowerCase()}</Link>
                    {r.ready ? <Badge variant="success">ready to promote</Badge> : <Badge variant="outline">{r.quorum.valid} of {r.quorum.needed} approvals</Badge>}
                  </div>
                  <p className="mt-1 text-sm text-muted-foreground">{r.requestedBy}, <RelativeTime date={r.createdAt} />{r.comment ? ` — “${r.comment}”` : ""}</p>
                  {r.blocking.length ? (
                    <ul className="mt-1 list-inside list-disc text-xs text-muted-foreground">
                      {r.blocking.slice(0, 4).map((b) => <li key={b}>{b}</li>)}
                    </ul>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader className="flex flex-row items-start justify-between gap-3">
          <div>
            <CardTitle>Notifications</CardTitle>
            <CardDescription>{data.unread ? `${data.unread} unread` : "All read"}</CardDescription>
          </div>
          <Button variant="outline" size="sm" onClick={() => markAll.mutate()} disabled={!data.unread} loading={markAll.isPending}><CheckCheck aria-hidden className="size-4" /> Mark all read</Button>
        </CardHeader>
        <CardContent>
          {data.items.length === 0 ? (
            <EmptyState icon={<Bell aria-hidden />} title="No notifications" description="Requests, decisions and stage changes of your teams' models land here." />
          ) : (
            <ul className="divide-y divide-border" aria-label="Notifications">
              {data.items.map((n) => (
                <li key={n.id} className={cn("py-3", !n.readAt && "font-medium")} data-notification={n.kind} data-unread={!n.readAt || undefined}>
                  {n.href ? <Link className="hover:underline" href={n.href}>{n.title}</Link> : n.title}
                  {n.body ? <p className="text-sm font-normal text-muted-foreground">{n.body}</p> : null}
                  <p className="text-xs font-normal text-muted-foreground"><RelativeTime date={n.createdAt} /></p>
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
