import * as React from "react";
import Link from "next/link";
import { ChevronRight } from "lucide-react";
import { cn } from "@/lib/utils/cn";

export interface Breadcrumb {
  label: React.ReactNode;
  /** Omit for the current page (the last crumb). */
  href?: string;
}

export interface PageHeaderProps extends Omit<React.HTMLAttributes<HTMLElement>, "title"> {
  title: React.ReactNode;
  description?: React.ReactNode;
  /** Buttons on the right (below the title on a phone). */
  actions?: React.ReactNode;
  breadcrumbs?: Breadcrumb[];
  /** Inline content after the title, e.g. a StageBadge. */
  meta?: React.ReactNode;
}

/** The page's h1 with breadcrumbs and actions. One per page. */
export function PageHeader({ title, description, actions, breadcrumbs, meta, className, ...props }: PageHeaderProps) {
  return (
    <header className={cn("mb-6 flex flex-col gap-3", className)} {...props}>
      {breadcrumbs && breadcrumbs.length > 0 ? (
        <nav aria-label="Breadcrumb">
          <ol className="flex flex-wrap items-center gap-1 text-[0.8125rem] text-muted-foreground">
            {breadcrumbs.map((crumb, i) => {
              const last = i === breadcrumbs.length - 1;
              return (
                <li key={i} className="flex min-w-0 items-center gap-1">
                  {crumb.href && !last ? (
                    <Link
                      href={crumb.href}
                      className="truncate rounded-sm transition-colors hover:text-foreground hover:underline hover:underline-offset-4"
                    >
                      {crumb.label}
                    </Link>
                  ) : (
                    <span aria-current={last ? "page" : undefined} className={cn("truncate", last && "text-foreground")}>
                      {crumb.label}
                    </span>
                  )}
                  {last ? null : <ChevronRight className="size-3.5 shrink-0 opacity-60" aria-hidden="true" />}
                </li>
              );
            })}
          </ol>
        </nav>
      ) : null}
      <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0 space-y-1">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <h1 className="break-words text-2xl font-semibold tracking-tight text-foreground">{title}</h1>
            {meta}
          </div>
          {description ? <div className="max-w-3xl text-sm text-muted-foreground">{description}</div> : null}
        </div>
        {actions ? <div className="flex shrink-0 flex-wrap items-center gap-2">{actions}</div> : null}
      </div>
    </header>
  );
}
