"use client";

import * as React from "react";
import Link from "next/link";
import * as DialogPrimitive from "@radix-ui/react-dialog";
import { Menu, X } from "lucide-react";
import { cn } from "@/lib/utils/cn";
import type { NavItem, ShellUser } from "./app-shell";
import { Logo } from "./logo";
import { NavLinks, useCurrentPath } from "./nav-links";

export interface MobileNavProps {
  items: NavItem[];
  currentPath?: string;
  user?: ShellUser | null;
  homeHref: string;
  className?: string;
}

/** Below the desktop breakpoint the primary navigation lives in a left sheet (a Radix Dialog). */
export function MobileNav({ items, currentPath, user, homeHref, className }: MobileNavProps) {
  const path = useCurrentPath(currentPath);
  // The sheet remembers the path it was opened on, so any navigation (a link, the back button)
  // closes it without an effect; links also close it on click for same-page links.
  const [openedAt, setOpenedAt] = React.useState<string | null>(null);
  const open = openedAt === path;
  const setOpen = (next: boolean) => setOpenedAt(next ? path : null);

  return (
    <DialogPrimitive.Root open={open} onOpenChange={setOpen}>
      <DialogPrimitive.Trigger
        className={cn(
          "inline-flex size-9 items-center justify-center rounded-md text-foreground transition-colors hover:bg-accent",
          className,
        )}
      >
        <Menu className="size-5" aria-hidden="true" />
        <span className="sr-only">Open navigation</span>
      </DialogPrimitive.Trigger>
      <DialogPrimitive.Portal>
        <DialogPrimitive.Overlay className="fixed inset-0 z-50 bg-slate-950/45 data-[state=open]:animate-fade-in" />
        <DialogPrimitive.Content
          className="fixed inset-y-0 left-0 z-50 flex w-[18rem] max-w-[85vw] flex-col border-r border-border bg-card shadow-lg data-[state=open]:animate-slide-in-left"
          aria-describedby={undefined}
        >
          <div className="flex h-14 items-center justify-between border-b border-border px-4">
            <Link href={homeHref} onClick={() => setOpen(false)} className="rounded-md">
              <Logo />
            </Link>
            <DialogPrimitive.Close className="inline-flex size-9 items-center justify-center rounded-md text-muted-foreground transition-colors hover:bg-accent hover:text-foreground">
              <X className="size-5" aria-hidden="true" />
              <span className="sr-only">Close navigation</span>
            </DialogPrimitive.Close>
          </div>
          <DialogPrimitive.Title className="sr-only">Navigation</DialogPrimitive.Title>
          <nav aria-label="Primary" className="flex-1 overflow-y-auto p-3">
            <NavLinks items={items} currentPath={currentPath} orientation="vertical" onNavigate={() => setOpen(false)} />
          </nav>
          {user ? (
            <div className="border-t border-border px-4 py-3">
              <p className="truncate text-sm font-medium text-foreground">{user.name || user.email}</p>
              {user.name ? <p className="truncate text-xs text-muted-foreground">{user.email}</p> : null}
            </div>
          ) : null}
        </DialogPrimitive.Content>
      </DialogPrimitive.Portal>
    </DialogPrimitive.Root>
  );
}
