import * as React from "react";
import Link from "next/link";
import { cn } from "@/lib/utils/cn";
import { Logo } from "./logo";
import { MobileNav } from "./mobile-nav";
import { NavLinks } from "./nav-links";
import { UserMenu } from "./user-menu";

export interface NavItem {
  href: string;
  label: string;
  /** An icon element such as `<Boxes />` (an element, not the component, so it can cross into client code). */
  icon?: React.ReactNode;
  /** Highlight only on an exact path match (default: also on sub-paths). */
  exact?: boolean;
}

export interface ShellUser {
  name?: string | null;
  email: string;
  isAdmin: boolean;
}

export interface ShellTeam {
  slug: string;
  name: string;
  role: string;
  /** When given, the team row in the user menu links there. */
  href?: string;
}

export interface AppShellProps {
  /** Primary navigation. */
  items: NavItem[];
  /** Path used to highlight the current item; defaults to the browser path (usePathname). */
  currentPath?: string;
  /** The signed-in user; omit/null to hide the user menu. */
  user?: ShellUser | null;
  teams?: ShellTeam[];
  /** Extra links in the user menu (API tokens, Admin, …). */
  userMenuItems?: NavItem[];
  /**
   * Sign-out handler: a server action, or a client function when AppShell is rendered from a
   * client component. Without it (and without `signOut`) the menu links to `signOutHref`.
   */
  onSignOut?: () => void | Promise<void>;
  /** Replaces the sign-out menu entry with your own client element (use DropdownMenuItem). */
  signOut?: React.ReactNode;
  /** Fallback sign-out link (default next-auth's "/api/auth/signout"). */
  signOutHref?: string;
  /** Controls beside the user menu, e.g. the inbox bell. */
  actions?: React.ReactNode;
  /** Shown above the page content, e.g. a "workers are down" Alert. */
  banner?: React.ReactNode;
  /** Where the logo links (default "/"). */
  homeHref?: string;
  /** Extra classes for the content container (e.g. `max-w-none` for a wide dashboard). */
  containerClassName?: string;
  children: React.ReactNode;
}

const container = "mx-auto w-full max-w-7xl px-4 sm:px-6 lg:px-8";

/**
 * The application frame: skip link, sticky top bar (logo, primary navigation, user menu), an
 * optional banner and the page in a max-width container. Below `lg` the navigation collapses into a
 * menu button that opens a sheet. A server component; the interactive parts are client islands.
 */
export function AppShell({
  items,
  currentPath,
  user,
  teams,
  userMenuItems,
  onSignOut,
  signOut,
  signOutHref,
  banner,
  actions,
  homeHref = "/",
  containerClassName,
  children,
}: AppShellProps) {
  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#main-content"
        className="fixed top-2 left-2 z-[100] -translate-y-16 rounded-md bg-primary px-3 py-2 text-sm font-medium text-primary-foreground shadow-md transition-transform focus:translate-y-0"
      >
        Skip to content
      </a>

      <header className="sticky top-0 z-40 border-b border-border bg-card/85 backdrop-blur supports-[backdrop-filter]:bg-card/75">
        <div className={cn(container, "flex h-14 items-center gap-3")}>
          {items.length > 0 ? (
            <MobileNav items={items} currentPath={currentPath} user={user} homeHref={homeHref} className="-ml-2 lg:hidden" />
          ) : null}
          <Link href={homeHref} className="shrink-0 rounded-md" aria-label="Modelgate home">
            <Logo />
          </Link>
          {items.length > 0 ? (
            <nav aria-label="Primary" className="ml-6 hidden min-w-0 lg:block">
              <NavLinks items={items} currentPath={currentPath} />
            </nav>
          ) : null}
          <div className="ml-auto flex items-center gap-2">
            {actions}
            {user ? (
              <UserMenu
                user={user}
                teams={teams}
                items={userMenuItems}
                onSignOut={onSignOut}
                signOut={signOut}
                signOutHref={signOutHref}
              />
            ) : null}
          </div>
        </div>
      </header>

      {banner ? <div className={cn(container, "pt-6")}>{banner}</div> : null}

      <main id="main-content" tabIndex={-1} className={cn(container, "flex-1 py-8 focus:outline-none", containerClassName)}>
        {children}
      </main>
    </div>
  );
}
