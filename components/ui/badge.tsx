import * as React from "react";
import { cva, type VariantProps } from "class-variance-authority";
import {
  Archive,
  Ban,
  CircleCheck,
  CircleDashed,
  CircleMinus,
  CircleX,
  Clock,
  FlaskConical,
  Hourglass,
  LoaderCircle,
  Rocket,
  Wrench,
  type LucideIcon,
} from "lucide-react";
import { cn } from "@/lib/utils/cn";

export const badgeVariants = cva(
  "inline-flex w-fit shrink-0 items-center gap-1 whitespace-nowrap rounded-full border px-2 py-0.5 text-xs font-medium leading-4 [&_svg]:size-3.5 [&_svg]:shrink-0",
  {
    variants: {
      variant: {
        default: "border-transparent bg-primary text-primary-foreground",
        primary: "border-primary/20 bg-primary-subtle text-primary-text",
        secondary: "border-transparent bg-secondary text-secondary-foreground",
        outline: "border-border bg-card text-foreground",
        neutral: "border-border bg-muted text-muted-foreground",
        success: "border-success-border bg-success-subtle text-success-text",
        warning: "border-warning-border bg-warning-subtle text-warning-text",
        danger: "border-danger-border bg-danger-subtle text-danger-text",
        info: "border-info-border bg-info-subtle text-info-text",
      },
    },
    defaultVariants: { variant: "secondary" },
  },
);

export type BadgeVariant = NonNullable<VariantProps<typeof badgeVariants>["variant"]>;

export interface BadgeProps extends React.HTMLAttributes<HTMLSpanElement>, VariantProps<typeof badgeVariants> {}

export function Badge({ className, variant, ...props }: BadgeProps) {
  return <span className={cn(badgeVariants({ variant }), className)} {...props} />;
}

type Look = { label: string; variant: BadgeVariant; icon: LucideIcon; spin?: boolean };

/** Fallback for a value the UI does not know yet (a newer server): show the raw text, neutral. */
function unknownLook(value: string): Look {
  const label = value.charAt(0).toUpperCase() + value.slice(1).toLowerCase().replace(/_/g, " ");
  return { label, variant: "neutral", icon: CircleDashed };
}

function LookBadge({ look, className, ...props }: { look: Look } & Omit<BadgeProps, "variant" | "children">) {
  const Icon = look.icon;
  return (
    <Badge variant={look.variant} className={className} {...props}>
      <Icon aria-hidden="true" className={look.spin ? "motion-safe:animate-spin" : undefined} />
      {look.label}
    </Badge>
  );
}

export type TStage = "DEVELOPMENT" | "STAGING" | "PRODUCTION" | "ARCHIVED";

const stageLooks: Record<TStage, Look> = {
  DEVELOPMENT: { label: "Development", variant: "neutral", icon: Wrench },
  STAGING: { label: "Staging", variant: "info", icon: FlaskConical },
  PRODUCTION: { label: "Production", variant: "success", icon: Rocket },
  ARCHIVED: { label: "Archived", variant: "outline", icon: Archive },
};

export interface StageBadgeProps extends Omit<BadgeProps, "variant" | "children"> {
  stage: TStage | (string & {});
}

/** A model version's stage: icon + text, so the stage never depends on colour alone. */
export function StageBadge({ stage, ...props }: StageBadgeProps) {
  const look = stageLooks[stage.toUpperCase() as TStage] ?? unknownLook(stage);
  return <LookBadge look={look} {...props} />;
}

export type TStatus =
  | "PENDING"
  | "QUEUED"
  | "RUNNING"
  | "PASSED"
  | "SUCCEEDED"
  | "FAILED"
  | "CANCELLED"
  | "SKIPPED";

const statusLooks: Record<TStatus, Look> = {
  PENDING: { label: "Pending", variant: "neutral", icon: Clock },
  QUEUED: { label: "Queued", variant: "neutral", icon: Hourglass },
  RUNNING: { label: "Running", variant: "info", icon: LoaderCircle, spin: true },
  PASSED: { label: "Passed", variant: "success", icon: CircleCheck },
  SUCCEEDED: { label: "Succeeded", variant: "success", icon: CircleCheck },
  FAILED: { label: "Failed", variant: "danger", icon: CircleX },
  CANCELLED: { label: "Cancelled", variant: "outline", icon: Ban },
  SKIPPED: { label: "Skipped", variant: "outline", icon: CircleMinus },
};

export interface StatusBadgeProps extends Omit<BadgeProps, "variant" | "children"> {
  status: TStatus | (string & {});
}

/** A job, run or gate status: icon + text (RUNNING spins unless reduced motion is requested). */
export function StatusBadge({ status, ...props }: StatusBadgeProps) {
  const look = statusLooks[status.toUpperCase() as TStatus] ?? unknownLook(status);
  return <LookBadge look={look} {...props} />;
}
