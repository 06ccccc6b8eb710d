import { db } from "@/lib/db";
import type { TActor } from "@/lib/auth/actor";

// GET /api/v1/notifications: the caller's inbox, newest first, with the unread count for the badge.
export async function listNotifications(actor: TActor, { unreadOnly = false, take = 50 } = {}) {
  const [items, unread] = await Promise.all([
    db.notification.findMany({
      where: { userId: actor.userId, ...(unreadOnly ? { readAt: null } : {}) },
      orderBy: { createdAt: "desc" },
      take,
      select: { id: true, kind: true, title: true, body: true, href: true, readAt: true, createdAt: true },
    }),
    unreadCount(actor.userId),
  ]);
  return { items, unread };
}

export function unreadCount(userId: string): Promise<number> {
  return db.notification.count({ where: { userId, readAt: null } });
}

/** POST /api/v1/notifications/read: marks the given notices (or all) as read; only the caller's own. */
export async function markRead(actor: TActor, ids: string[] | "all"): Promise<{ unread: number }> {
  await db.notification.updateMany({
    where: { userId: actor.userId, readAt: null, ...(ids === "all" ? {} : { id: { in: ids } }) },
    data: { readAt: new Date() },
  });
  return { unread: await unreadCount(actor.userId) };
}
