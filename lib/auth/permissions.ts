import { AppError, notFound } from "@/lib/errors";
import type { TeamRole } from "@/lib/generated/prisma/enums";
import { membershipOf, type TActor } from "@/lib/auth/actor";

// The one place that decides what a role may do (DESIGN.md "Who uses it"). Pages, route handlers
// and server actions ask here; none checks a role by itself.
export const TEAM_PERMISSIONS = {
  "model.read": ["DATA_SCIENTIST", "APPROVER", "EXECUTIVE"],
  "model.create": ["DATA_SCIENTIST", "APPROVER"],
  "version.upload": ["DATA_SCIENTIST", "APPROVER"],
  "audit.read": ["DATA_SCIENTIST", "APPROVER", "EXECUTIVE"],
  "token.create": ["DATA_SCIENTIST", "APPROVER", "EXECUTIVE"],
  "dataset.read": ["DATA_SCIENTIST", "APPROVER", "EXECUTIVE"],
  "dataset.upload": ["DATA_SCIENTIST", "APPROVER"],
  // Attaching a dataset to a model (and choosing its default evaluation dataset) changes what gates
  // measure, so it is a write on the model: the roles that may upload versions.
  "dataset.attach": ["DATA_SCIENTIST", "APPROVER"],
  "evaluation.run": ["DATA_SCIENTIST", "APPROVER"],
  // Gates and promotion (DESIGN.md "Stages and gates"). Deciding, promoting to production and rolling
  // back are the approvers'; separation of duties (not the uploader, not the requester) is checked
  // per request in lib/promotions, on top of the role.
  "policy.edit": ["APPROVER"],
  "promotion.request": ["DATA_SCIENTIST", "APPROVER"],
  "promotion.decide": ["APPROVER"],
  "promotion.execute.staging": ["DATA_SCIENTIST", "APPROVER"],
  "promotion.execute.production": ["APPROVER"],
  "version.rollback": ["APPROVER"],
  // Serving (DESIGN.md "serve"): sampling, retention and the challenger change what production
  // traffic sees, so they are the approvers'. Batch scoring and ground truth are everyday work.
  "serving.configure": ["APPROVER"],
  "scoring.run": ["DATA_SCIENTIST", "APPROVER"],
  "feedback.write": ["DATA_SCIENTIST", "APPROVER"],
  // What-if scenarios (lib/whatif) change no model: anyone in the team saves their own; attaching
  // one to a promotion request as business evidence is an approver's act.
  "scenario.save": ["DATA_SCIENTIST", "APPROVER", "EXECUTIVE"],
  "scenario.attach": ["APPROVER"],
} as const satisfies Record<string, readonly TeamRole[]>;

export type TTeamPermission = keyof typeof TEAM_PERMISSIONS;

export type TAdminPermission = "admin.users" | "admin.teams" | "admin.audit" | "admin.webhooks";

function roleAllows(role: TeamRole, permission: TTeamPermission): boolean {
  return (TEAM_PERMISSIONS[permission] as readonly TeamRole[]).includes(role);
}

export function can(actor: TActor, permission: TTeamPermission, teamId: string): boolean {
  const membership = membershipOf(actor, teamId);
  if (!membership) return false;
  if (!roleAllows(membership.role, permission)) return false;
  // A token never does more than the role it was created with, nor more than its creator can now.
  if (actor.tokenRole && !roleAllows(actor.tokenRole, permission)) return false;
  if (actor.tokenId && !actor.tokenScopes.includes("api")) return false;
  return true;
}

// Outside the team the resource does not exist (404); inside it, a missing permission is 403.
export function assertCan(actor: TActor, permission: TTeamPermission, teamId: string, what = "Resource"): void {
  if (!membershipOf(actor, teamId)) throw notFound(what);
  if (!can(actor, permission, teamId)) {
    throw new AppError("forbidden", `Your role in this team does not allow ${describe(permission)}`);
  }
}

export function canAdmin(actor: TActor, _permission: TAdminPermission): boolean {
  // API tokens never carry admin rights, even when their creator is an admin.
  return actor.isAdmin && actor.tokenId === null;
}

export function assertAdmin(actor: TActor, permission: TAdminPermission): void {
  if (!canAdmin(actor, permission)) throw new AppError("forbidden", "Administrators only");
}

export function teamsWhere(actor: TActor, permission: TTeamPermission): string[] {
  return actor.memberships.filter((m) => can(actor, permission, m.teamId)).map((m) => m.teamId);
}

function describe(permission: TTeamPermission): string {
  const words: Record<TTeamPermission, string> = {
    "model.read": "reading models",
    "model.create": "registering models",
    "version.upload": "uploading model versions",
    "audit.read": "reading the audit log",
    "token.create": "creating API tokens",
    "dataset.read": "reading datasets",
    "dataset.upload": "uploading datasets",
    "dataset.attach": "attaching datasets to models",
    "evaluation.run": "running evaluations",
    "policy.edit": "changing gate policies",
    "promotion.request": "requesting promotions",
    "promotion.decide": "approving or rejecting promotions",
    "promotion.execute.staging": "promoting versions to staging",
    "promotion.execute.production": "promoting versions to production",
    "version.rollback": "rolling back production",
    "serving.configure": "changing how the model is served",
    "scoring.run": "running batch scoring",
    "feedback.write": "recording ground truth",
    "scenario.save": "saving what-if scenarios",
    "scenario.attach": "attaching scenarios to promotion requests",
  };
  return words[permission];
}
