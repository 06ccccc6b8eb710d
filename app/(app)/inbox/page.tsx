import { requireActor } from "@/lib/auth/require-actor";
import { listNotifications } from "@/lib/notifications/inbox";
import { listOpenRequests } from "@/lib/promotions/list-promotions";
import { routes } from "@/lib/routes";
import { PageHeader } from "@/components/ui/page-header";
import { InboxView } from "@/components/inbox/inbox-view";

export default async function InboxPage() {
  const actor = await requireActor(routes.inbox());
  const [notifications, open] = await Promise.all([listNotifications(actor), listOpenRequests(actor)]);
  const requests = open.map((s) => ({
    id: s.request.id,
    target: s.target,
    status: s.status,
    ready: s.ready,
    comment: s.request.comment,
    createdAt: s.request.createdAt,
    requestedBy: s.request.requestedBy.name,
    model: s.request.model.name,
    version: { id: s.request.version.id, number: s.request.version.number },
    quorum: s.quorum,
    blocking: s.report.items.filter((i) => i.status !== "pass").map((i) => `${i.label}: ${i.detail}`),
  }));
  return (
    <>
      <PageHeader title="Inbox" description="Promotion requests waiting for a decision, and what happened to your models." />
      <InboxView initial={JSON.parse(JSON.stringify(notifications))} requests={JSON.parse(JSON.stringify(requests))} />
    </>
  );
}
