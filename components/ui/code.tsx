import * as React from "react";
import { cn } from "@/lib/utils/cn";
import { CopyButton } from "./copy-button";

/** Inline code: ids, hashes, metric keys. */
export function Code({ className, ...props }: React.HTMLAttributes<HTMLElement>) {
  return (
    <code
      className={cn(
        "rounded-sm border border-border bg-muted px-1 py-px font-mono text-[0.8125em] text-foreground [overflow-wrap:anywhere]",
        className,
      )}
      {...props}
    />
  );
}

export interface CodeBlockProps extends Omit<React.HTMLAttributes<HTMLDivElement>, "children" | "title"> {
  /** The code, shown verbatim (never parsed as HTML). */
  code: string;
  /** Small caption in the header, e.g. "curl" or "Python". */
  title?: React.ReactNode;
  /** Show a copy button (default true). */
  copyable?: boolean;
  /** Accessible name of the copy button. */
  copyLabel?: string;
  /** Wrap long lines instead of scrolling horizontally. */
  wrap?: boolean;
}

export function CodeBlock({
  code,
  title,
  copyable = true,
  copyLabel,
  wrap = false,
  className,
  ...props
}: CodeBlockProps) {
  return (
    <div className={cn("min-w-0 overflow-hidden rounded-lg border border-border bg-muted/50", className)} {...props}>
      {title || copyable ? (
        <div className="flex h-9 items-center justify-between gap-2 border-b border-border bg-muted/70 pr-1 pl-3">
          <span className="truncate text-xs font-medium text-muted-foreground">{title}</span>
          {copyable ? <CopyButton value={code} label={copyLabel ?? (typeof title === "string" ? `Copy ${title}` : "Copy code")} /> : null}
        </div>
      ) : null}
      <pre
        tabIndex={0}
        className={cn(
          "overflow-x-auto p-3.5 font-mono text-[0.8125rem] leading-relaxed text-foreground focus-visible:outline-offset-[-2px]",
          wrap && "whitespace-pre-wrap break-all",
        )}
      >
        <code>{code}</code>
      </pre>
    </div>
  );
}
