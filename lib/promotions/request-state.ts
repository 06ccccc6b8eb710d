import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { evidenceChange, gateReport, overall, type TEvidence, type TGateItem, type TGateReport, type TGateStatus } from "@/lib/gates/gate-report";

export type TPromotionTarget = "STAGING" | "PRODUCTION";

/**
 * A promotion request as approvers see it: the gate report for its target as of now, every decision
 * with whether it still counts (and, when void, what changed since), and the quorum. `ready` means
 * the promotion may run: the request is open, every gate passes and the quorum of valid approvals
 * is met (a rejection closes the request).
 */
export async function requestState(requestId: string) {
  const request = await db.promotionRequest.findUnique({
    where: { id: requestId },
    select: {
      id: true, targetStage: true, status: true, comment: true, closedReason: true, createdAt: true, closedAt: true,
      requestedBy: { select: { id: true, name: true, email: true } },
      model: { select: { id: true, name: true, teamId: true, team: { select: { slug: true } } } },
      version: { select: { id: true, number: true, stage: true, uploadedById: true, uploadedBy: { select: { name: true } } } },
      approvals: {
        orderBy: { createdAt: "asc" },
        select: { id: true, decision: true, comment: true, evidenceHash: true, evidence: true, createdAt: true, approver: { select: { id: true, name: true, email: true } } },
      },
    },
  });
  if (!request) throw notFound("Promotion request");
  const target = request.targetStage as TPromotionTarget;
  const report = await gateReport(request.version.id, target);
  const needed = target === "PRODUCTION" ? report.policy.production.approvals : report.policy.staging.approvals;

  // Only each approver's latest decision stands; earlier ones are history.
  const latestBy = new Map<string, string>();
  for (const a of request.approvals) latestBy.set(a.approver.id, a.id);
  const decisions = request.approvals.map((a) => {
    const seen = (a.evidence as { evidence: TEvidence }).evidence;
    const superseded = latestBy.get(a.approver.id) !== a.id;
    const voidReason = superseded ? "replaced by a later decision of the same approver" : evidenceChange(seen, report.evidence);
    return { id: a.id, decision: a.decision, comment: a.comment, createdAt: a.createdAt, approver: a.approver, valid: voidReason === null, voidReason };
  });
  const validApprovals = decisions.filter((d) => d.valid && d.decision === "APPROVE");
  const approvalItem: TGateItem = {
    key: "approvals",
    label: `${needed} approval${needed === 1 ? "" : "s"}`,
    status: validApprovals.length >= needed ? "pass" : "pending",
    detail: needed === 0 ? "no approval needed for this stage" : `${validApprovals.length} of ${needed} approval${needed === 1 ? "" : "s"}${validApprovals.length ? ` (${validApprovals.map((d) => d.approver.name).join(", ")})` : ""}`,
    numbers: { valid: validApprovals.length, needed },
  };
  const items = [...report.items, approvalItem];
  const status: TGateStatus = overall(items);
  return {
    request,
    target,
    report: { ...report, items } satisfies TGateReport,
    decisions,
    quorum: { needed, valid: validApprovals.length },
    status,
    ready: request.status === "PENDING" && status === "pass",
  };
}
export type TRequestState = Awaited<ReturnType<typeof requestState>>;
