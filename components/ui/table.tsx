import * as React from "react";
import { cn } from "@/lib/utils/cn";

export interface TableProps extends React.TableHTMLAttributes<HTMLTableElement> {
  /** Classes for the scroll wrapper (border, radius) rather than the table. */
  wrapperClassName?: string;
  /**
   * Accessible name of the scroll region. Give one when the table has no `<caption>`, so keyboard
   * users who tab to the scrollable wrapper hear what it is.
   */
  "aria-label"?: string;
}

/**
 * A table inside a horizontally scrollable, focusable region: wide tables scroll on a phone
 * instead of breaking the layout, and the region can be scrolled with the arrow keys.
 */
export const Table = React.forwardRef<HTMLTableElement, TableProps>(function Table(
  { className, wrapperClassName, "aria-label": ariaLabel, ...props },
  ref,
) {
  return (
    <div
      role="region"
      aria-label={ariaLabel}
      tabIndex={0}
      className={cn(
        "relative w-full min-w-0 overflow-x-auto rounded-xl border border-border bg-card shadow-xs focus-visible:outline-offset-0",
        wrapperClassName,
      )}
    >
      <table
        ref={ref}
        aria-label={ariaLabel}
        className={cn("w-full caption-bottom border-collapse text-sm", className)}
        {...props}
      />
    </div>
  );
});

export const THead = React.forwardRef<HTMLTableSectionElement, React.HTMLAttributes<HTMLTableSectionElement>>(
  function THead({ className, ...props }, ref) {
    return <thead ref={ref} className={cn("bg-muted/60 [&_tr]:border-b [&_tr]:hover:bg-transparent", className)} {...props} />;
  },
);

export const TBody = React.forwardRef<HTMLTableSectionElement, React.HTMLAttributes<HTMLTableSectionElement>>(
  function TBody({ className, ...props }, ref) {
    return <tbody ref={ref} className={cn("[&_tr:last-child]:border-0", className)} {...props} />;
  },
);

export const TR = React.forwardRef<HTMLTableRowElement, React.HTMLAttributes<HTMLTableRowElement>>(function TR(
  { className, ...props },
  ref,
) {
  return (
    <tr
      ref={ref}
      className={cn("border-b border-border transition-colors hover:bg-muted/40 data-[state=selected]:bg-muted", className)}
      {...props}
    />
  );
});

export const TH = React.forwardRef<HTMLTableCellElement, React.ThHTMLAttributes<HTMLTableCellElement>>(function TH(
  { className, scope = "col", ...props },
  ref,
) {
  return (
    <th
      ref={ref}
      scope={scope}
      className={cn(
        "h-10 whitespace-nowrap px-4 text-left align-middle text-xs font-medium uppercase tracking-wide text-muted-foreground",
        className,
      )}
      {...props}
    />
  );
});

export const TD = React.forwardRef<HTMLTableCellElement, React.TdHTMLAttributes<HTMLTableCellElement>>(function TD(
  { className, ...props },
  ref,
) {
  return <td ref={ref} className={cn("px-4 py-3 align-middle", className)} {...props} />;
});

export const TableCaption = React.forwardRef<HTMLTableCaptionElement, React.HTMLAttributes<HTMLTableCaptionElement>>(
  function TableCaption({ className, ...props }, ref) {
    return <caption ref={ref} className={cn("px-4 py-3 text-sm text-muted-foreground", className)} {...props} />;
  },
);
