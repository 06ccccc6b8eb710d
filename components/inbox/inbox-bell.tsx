"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { Bell } from "lucide-react";
import { apiFetch } from "@/lib/http/api-client";
import { routes } from "@/lib/routes";
import { cn } from "@/lib/utils/cn";

export const inboxKeys = { unread: ["notifications", "unread"] as const };

// The inbox link in the top bar with the unread count; refreshed every 30 s and when the inbox
// page marks notices read.
export function InboxBell({ initialUnread }: { initialUnread: number }) {
  const { data } = useQuery({
    queryKey: inboxKeys.unread,
    queryFn: () => apiFetch<{ unread: number }>(`${routes.api.notifications()}?unread=1`),
    initialData: { unread: initialUnread },
    refetchInterval: 30_000,
  });
  const n = data.unread;
  return (
    <Link
      href={routes.inbox()}
      className="relative inline-flex size-9 items-center justify-center rounded-md text-muted-foreground hover:bg-muted hover:text-foreground"
      aria-label={n ? `Inbox, ${n} unread` : "Inbox"}
      data-unread={n}
    >
      <Bell aria-hidden className="size-5" />
      {n ? (
        <span className={cn("absolute -top-0.5 -right-0.5 min-w-5 rounded-full bg-danger px-1 text-center text-[11px] font-semibold leading-5 text-white")} aria-hidden>
          {n > 99 ? "99+" : n}
        </span>
      ) : null}
    </Link>
  );
}
