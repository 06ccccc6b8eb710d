"use client";

import * as React from "react";
import Link from "next/link";
import { ChevronDown, LogOut, ShieldCheck } from "lucide-react";
import { cn } from "@/lib/utils/cn";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuGroup,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import type { NavItem, ShellTeam, ShellUser } from "./app-shell";

export interface UserMenuProps {
  user: ShellUser;
  teams?: ShellTeam[];
  items?: NavItem[];
  onSignOut?: () => void | Promise<void>;
  signOut?: React.ReactNode;
  signOutHref?: string;
}

export function initials(nameOrEmail: string): string {
  const base = nameOrEmail.includes("@") ? nameOrEmail.split("@")[0] : nameOrEmail;
  const parts = base.split(/[\s._-]+/).filter(Boolean);
  const letters = parts.length > 1 ? parts[0][0] + parts[parts.length - 1][0] : base.slice(0, 2);
  return letters.toUpperCase();
}

function Avatar({ user, className }: { user: ShellUser; className?: string }) {
  return (
    <span
      aria-hidden="true"
      className={cn(
        "flex size-7 shrink-0 items-center justify-center rounded-full bg-primary-subtle text-[0.6875rem] font-semibold text-primary-text ring-1 ring-primary/15",
        className,
      )}
    >
      {initials(user.name || user.email)}
    </span>
  );
}

function roleLabel(role: string): string {
  const r = role.replace(/_/g, " ").toLowerCase();
  return r.charAt(0).toUpperCase() + r.slice(1);
}

export function UserMenu({ user, teams = [], items = [], onSignOut, signOut, signOutHref = "/api/auth/signout" }: UserMenuProps) {
  const [pending, setPending] = React.useState(false);
  const display = user.name || user.email;

  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        aria-label={`Account menu for ${display}`}
        className="group inline-flex h-9 items-center gap-2 rounded-full py-1 pr-2 pl-1 text-sm transition-colors hover:bg-accent data-[state=open]:bg-accent sm:rounded-md">
        <Avatar user={user} />
        <span className="hidden max-w-[10rem] truncate font-medium text-foreground sm:inline">{display}</span>
        <ChevronDown
          className="hidden size-4 text-muted-foreground transition-transform group-data-[state=open]:rotate-180 sm:block"
          aria-hidden="true"
        />
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-72">
        <div className="flex items-center gap-3 px-2 py-2">
          <Avatar user={user} className="size-9 text-xs" />
          <div className="min-w-0">
            <p className="truncate text-sm font-medium text-foreground">{display}</p>
            {user.name ? <p className="truncate text-xs text-muted-foreground">{user.email}</p> : null}
          </div>
          {user.isAdmin ? (
            <span className="ml-auto inline-flex shrink-0 items-center gap-1 rounded-full border border-primary/20 bg-primary-subtle px-1.5 py-0.5 text-[0.6875rem] font-medium text-primary-text">
              <ShieldCheck className="size-3" aria-hidden="true" />
              Admin
            </span>
          ) : null}
        </div>

        {teams.length > 0 ? (
          <>
            <DropdownMenuSeparator />
            <DropdownMenuLabel>Teams</DropdownMenuLabel>
            <DropdownMenuGroup>
              {teams.map((team) => {
                const row = (
                  <>
                    <span
                      aria-hidden="true"
                      className="flex size-5 shrink-0 items-center justify-center rounded bg-muted text-[0.625rem] font-semibold text-muted-foreground"
                    >
                      {team.name.charAt(0).toUpperCase()}
                    </span>
                    <span className="min-w-0 flex-1 truncate">{team.name}</span>
                    <span className="shrink-0 text-xs text-muted-foreground">{roleLabel(team.role)}</span>
                  </>
                );
                return team.href ? (
                  <DropdownMenuItem key={team.slug} asChild>
                    <Link href={team.href}>{row}</Link>
                  </DropdownMenuItem>
                ) : (
                  <div key={team.slug} className="flex items-center gap-2 px-2 py-1.5 text-sm">
                    {row}
                  </div>
                );
              })}
            </DropdownMenuGroup>
          </>
        ) : null}

        {items.length > 0 ? (
          <>
            <DropdownMenuSeparator />
            <DropdownMenuGroup>
              {items.map((item) => (
                <DropdownMenuItem key={item.href} asChild>
                  <Link href={item.href}>
                    {item.icon ? <span aria-hidden="true" className="contents">{item.icon}</span> : null}
                    {item.label}
                  </Link>
                </DropdownMenuItem>
              ))}
            </DropdownMenuGroup>
          </>
        ) : null}

        <DropdownMenuSeparator />
        {signOut ??
          (onSignOut ? (
            <DropdownMenuItem
              disabled={pending}
              onSelect={async () => {
                setPending(true);
                try {
                  await onSignOut();
                } finally {
                  setPending(false);
                }
              }}
            >
              <LogOut aria-hidden="true" />
              Sign out
            </DropdownMenuItem>
          ) : (
            <DropdownMenuItem asChild>
              <a href={signOutHref}>
                <LogOut aria-hidden="true" />
                Sign out
              </a>
            </DropdownMenuItem>
          ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
