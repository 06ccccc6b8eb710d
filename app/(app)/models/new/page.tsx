import { notFound } from "next/navigation";
import { requireActor } from "@/lib/auth/require-actor";
import { teamsWhere } from "@/lib/auth/permissions";
import { routes } from "@/lib/routes";
import { PageHeader } from "@/components/ui/page-header";
import { RegisterModelForm } from "@/components/models/register-model-form";

export const metadata = { title: "Register model · Modelgate" };

export default async function NewModelPage({ searchParams }: { searchParams: Promise<{ team?: string }> }) {
  const actor = await requireActor(routes.newModel());
  const allowed = teamsWhere(actor, "model.create");
  if (allowed.length === 0) notFound();
  const teams = actor.memberships.filter((m) => allowed.includes(m.teamId)).map((m) => ({ id: m.teamId, slug: m.teamSlug, name: m.teamName }));
  const { team } = await searchParams;
  return (
    <>
      <PageHeader title="Register a model" description="A model groups the versions you upload. Its name is part of its serving URL and cannot change." breadcrumbs={[{ label: "Models", href: routes.models() }, { label: "Register" }]} />
      <RegisterModelForm teams={teams} defaultTeam={teams.find((t) => t.slug === team)?.slug ?? teams[0].slug} />
    </>
  );
}
