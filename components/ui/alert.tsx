import * as React from "react";
import { cva, type VariantProps } from "class-variance-authority";
import { CircleAlert, CircleCheck, Info, TriangleAlert, type LucideIcon } from "lucide-react";
import { cn } from "@/lib/utils/cn";

const alertVariants = cva("relative flex gap-3 rounded-lg border px-4 py-3 text-sm", {
  variants: {
    variant: {
      info: "border-info-border bg-info-subtle [&_[data-slot=icon]]:text-info-text",
      success: "border-success-border bg-success-subtle [&_[data-slot=icon]]:text-success-text",
      warning: "border-warning-border bg-warning-subtle [&_[data-slot=icon]]:text-warning-text",
      danger: "border-danger-border bg-danger-subtle [&_[data-slot=icon]]:text-danger-text",
    },
  },
  defaultVariants: { variant: "info" },
});

const icons: Record<"info" | "success" | "warning" | "danger", LucideIcon> = {
  info: Info,
  success: CircleCheck,
  warning: TriangleAlert,
  danger: CircleAlert,
};

export interface AlertProps
  extends Omit<React.HTMLAttributes<HTMLDivElement>, "title">,
    VariantProps<typeof alertVariants> {
  title?: React.ReactNode;
  description?: React.ReactNode;
  /** Replace the variant's icon; `false` hides it. */
  icon?: React.ReactNode | false;
  /** Buttons or links shown at the end (right on wide screens, below on narrow ones). */
  action?: React.ReactNode;
}

/**
 * A static message box. `danger` gets role="alert" (announced immediately); the others are plain
 * content, since announcing every informational box on page load is noise. Pass `role` to override.
 */
export function Alert({
  variant,
  title,
  description,
  icon,
  action,
  children,
  className,
  role,
  ...props
}: AlertProps) {
  const v = variant ?? "info";
  const Icon = icons[v];
  return (
    <div
      role={role ?? (v === "danger" ? "alert" : undefined)}
      className={cn(alertVariants({ variant: v }), className)}
      {...props}
    >
      {icon === false ? null : (
        <span data-slot="icon" className="mt-0.5 shrink-0 [&_svg]:size-4" aria-hidden="true">
          {icon ?? <Icon />}
        </span>
      )}
      <div className="flex min-w-0 flex-1 flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0 space-y-1 text-foreground">
          {title ? <AlertTitle>{title}</AlertTitle> : null}
          {description ? <AlertDescription>{description}</AlertDescription> : null}
          {children}
        </div>
        {action ? <div className="flex shrink-0 items-center gap-2">{action}</div> : null}
      </div>
    </div>
  );
}

export function AlertTitle({ className, ...props }: React.HTMLAttributes<HTMLParagraphElement>) {
  return <p className={cn("font-semibold leading-5", className)} {...props} />;
}

export function AlertDescription({ className, ...props }: React.HTMLAttributes<HTMLDivElement>) {
  return <div className={cn("leading-5 text-foreground/80 [&_p]:leading-5", className)} {...props} />;
}
