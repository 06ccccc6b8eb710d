"use client";

import * as React from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils/cn";
import type { NavItem } from "./app-shell";

/** The href of the item the path belongs to: exact match, else the longest prefix at a "/" boundary. */
export function activeHref(items: NavItem[], path: string): string | undefined {
  let best: string | undefined;
  for (const item of items) {
    const hit =
      path === item.href ||
      (!item.exact && item.href !== "/" && path.startsWith(item.href.endsWith("/") ? item.href : `${item.href}/`));
    if (hit && (best === undefined || item.href.length > best.length)) best = item.href;
  }
  return best;
}

export function useCurrentPath(currentPath?: string): string {
  const pathname = usePathname();
  return currentPath ?? pathname ?? "/";
}

export interface NavLinksProps {
  items: NavItem[];
  currentPath?: string;
  orientation?: "horizontal" | "vertical";
  onNavigate?: () => void;
  className?: string;
}

export function NavLinks({ items, currentPath, orientation = "horizontal", onNavigate, className }: NavLinksProps) {
  const path = useCurrentPath(currentPath);
  const active = activeHref(items, path);
  const vertical = orientation === "vertical";

  return (
    <ul className={cn(vertical ? "flex flex-col gap-0.5" : "flex items-center gap-1", className)}>
      {items.map((item) => {
        const current = item.href === active;
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={current ? "page" : undefined}
              onClick={onNavigate}
              className={cn(
                "flex items-center gap-2 rounded-md font-medium transition-colors [&_svg]:size-4 [&_svg]:shrink-0",
                vertical ? "h-10 px-3 text-[0.9375rem]" : "h-8 px-3 text-sm",
                current
                  ? "bg-accent text-foreground [&_svg]:text-primary-text"
                  : "text-muted-foreground hover:bg-accent/70 hover:text-foreground",
              )}
            >
              {item.icon ? <span aria-hidden="true" className="contents">{item.icon}</span> : null}
              {item.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
