import { notFound } from "next/navigation";
import { requireActor } from "@/lib/auth/require-actor";
import { canAdmin } from "@/lib/auth/permissions";
import { routes } from "@/lib/routes";
import { listWebhooks, listWebhookTeams } from "@/lib/webhooks/list-webhooks";
import { PageHeader } from "@/components/ui/page-header";
import { WebhooksManager } from "@/components/webhooks/webhooks-manager";

export const metadata = { title: "Webhooks · Admin · Modelgate" };

export default async function AdminWebhooksPage() {
  const actor = await requireActor(routes.adminWebhooks());
  if (!canAdmin(actor, "admin.webhooks")) notFound();
  const [webhooks, teams] = await Promise.all([listWebhooks(actor), listWebhookTeams(actor)]);
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Tell other systems what happens in a team: uploads, failed intakes, evaluations, promotion requests and decisions, stage changes, rollbacks. Failed deliveries are retried for about 15 minutes."
        breadcrumbs={[{ label: "Admin" }, { label: "Webhooks" }]}
      />
      <WebhooksManager initial={webhooks} teams={teams} />
    </>
  );
}
