import type { JobStatus } from "@/lib/generated/prisma/enums";

// What the API and the admin page see. The secret is never part of it (it is shown once, by
// createWebhook's result).
export type TWebhookDto = {
  id: string;
  team: { id: string; slug: string; name: string };
  url: string;
  events: string[];
  active: boolean;
  createdAt: string;
  createdBy: string;
  lastDelivery: { status: JobStatus; event: string; attempts: number; createdAt: string; error: string | null } | null;
};

export type TWebhookDeliveryDto = {
  id: string;
  event: string;
  status: JobStatus;
  attempts: number;
  responseStatus: number | null;
  error: string | null;
  createdAt: string;
  deliveredAt: string | null;
};

export const WEBHOOK_SELECT = {
  id: true, url: true, events: true, active: true, createdAt: true,
  team: { select: { id: true, slug: true, name: true } },
  createdBy: { select: { email: true } },
  deliveries: { orderBy: { createdAt: "desc" as const }, take: 1, select: { status: true, event: true, attempts: true, createdAt: true, error: true } },
} as const;

type TWebhookRow = {
  id: string; url: string; events: string[]; active: boolean; createdAt: Date;
  team: { id: string; slug: string; name: string };
  createdBy: { email: string };
  deliveries: { status: JobStatus; event: string; attempts: number; createdAt: Date; error: string | null }[];
};

export function toWebhookDto(row: TWebhookRow): TWebhookDto {
  const last = row.deliveries[0];
  return {
    id: row.id, team: row.team, url: row.url, events: row.events, active: row.active,
    createdAt: row.createdAt.toISOString(), createdBy: row.createdBy.email,
    lastDelivery: last ? { status: last.status, event: last.event, attempts: last.attempts, createdAt: last.createdAt.toISOString(), error: last.error } : null,
  };
}

export const DELIVERY_SELECT = { id: true, event: true, status: true, attempts: true, responseStatus: true, error: true, createdAt: true, deliveredAt: true } as const;

export function toDeliveryDto(row: { id: string; event: string; status: JobStatus; attempts: number; responseStatus: number | null; error: string | null; createdAt: Date; deliveredAt: Date | null }): TWebhookDeliveryDto {
  return { ...row, createdAt: row.createdAt.toISOString(), deliveredAt: row.deliveredAt?.toISOString() ?? null };
}
