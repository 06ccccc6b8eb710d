import { Boxes, Database, KeyRound, ListChecks, ScrollText, Shield, TrendingUp, Users, Webhook } from "lucide-react";
import { AppShell, type NavItem } from "@/components/layout/app-shell";
import { SignOutItem } from "@/components/auth/sign-out-item";
import { HealthBanner } from "@/components/health/health-banner";
import { requireActor } from "@/lib/auth/require-actor";
import { canAdmin } from "@/lib/auth/permissions";
import { landingPage } from "@/lib/auth/landing-page";
import { routes } from "@/lib/routes";
import { unreadCount } from "@/lib/notifications/inbox";
import { InboxBell } from "@/components/inbox/inbox-bell";

const ROLE_LABEL = { DATA_SCIENTIST: "Data scientist", APPROVER: "Approver", EXECUTIVE: "Executive" } as const;

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireActor(routes.models());
  const items: NavItem[] = [
    { href: routes.models(), label: "Models", icon: <Boxes aria-hidden /> },
    { href: routes.datasets(), label: "Datasets", icon: <Database aria-hidden /> },
    { href: routes.scoring(), label: "Scoring", icon: <ListChecks aria-hidden /> },
    { href: routes.audit(), label: "Audit log", icon: <ScrollText aria-hidden /> },
  ];
  // The executive overview (production models and their value) heads the menu of those who land on it.
  const executiveItem: NavItem = { href: routes.executive(), label: "Executive view", icon: <TrendingUp aria-hidden /> };
  if (landingPage(actor) === routes.executive()) items.unshift(executiveItem);
  else items.push(executiveItem);
  if (canAdmin(actor, "admin.users")) {
    items.push({ href: routes.adminUsers(), label: "Users", icon: <Users aria-hidden /> });
    items.push({ href: routes.adminTeams(), label: "Teams", icon: <Shield aria-hidden /> });
  }
  if (canAdmin(actor, "admin.webhooks")) items.push({ href: routes.adminWebhooks(), label: "Webhooks", icon: <Webhook aria-hidden /> });
  return (
    <AppShell
      items={items}
      homeHref={routes.home()}
      user={{ name: actor.name, email: actor.email, isAdmin: actor.isAdmin }}
      teams={actor.memberships.map((m) => ({ slug: m.teamSlug, name: m.teamName, role: ROLE_LABEL[m.role] }))}
      userMenuItems={[{ href: routes.tokens(), label: "API tokens", icon: <KeyRound aria-hidden /> }]}
      signOut={<SignOutItem />}
      banner={<HealthBanner />}
      actions={<InboxBell initialUnread={await unreadCount(actor.userId)} />}
    >
      {children}
    </AppShell>
  );
}
