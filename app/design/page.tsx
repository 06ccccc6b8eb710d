import type { Metadata } from "next";
import Link from "next/link";
import {
  Activity,
  Boxes,
  ClipboardCheck,
  Database,
  Download,
  FlaskConical,
  KeyRound,
  LayoutDashboard,
  MoreHorizontal,
  Plus,
  ScrollText,
  Settings,
  Sparkles,
  Trash2,
  Upload,
} from "lucide-react";
import { AppShell, type NavItem } from "@/components/layout/app-shell";
import { Alert } from "@/components/ui/alert";
import { Badge, StageBadge, StatusBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Code, CodeBlock } from "@/components/ui/code";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { KeyValueList } from "@/components/ui/key-value-list";
import { Markdown } from "@/components/ui/markdown";
import { PageHeader } from "@/components/ui/page-header";
import { Progress } from "@/components/ui/progress";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Textarea } from "@/components/ui/textarea";
import { SimpleTooltip } from "@/components/ui/tooltip";
import { ToastDemo, UploadDemo } from "./design-demos";

export const metadata: Metadata = { title: "Design system" };

const nav: NavItem[] = [
  { href: "/models", label: "Models", icon: <Boxes /> },
  { href: "/datasets", label: "Datasets", icon: <Database /> },
  { href: "/evaluations", label: "Evaluations", icon: <Activity /> },
  { href: "/promotions", label: "Promotions", icon: <ClipboardCheck /> },
  { href: "/dashboards", label: "Dashboards", icon: <LayoutDashboard /> },
  { href: "/scenarios", label: "What-if", icon: <Sparkles /> },
  { href: "/audit", label: "Audit", icon: <ScrollText /> },
];

const sampleMarkdown = `### Churn classifier

Gradient-boosted trees on **90 days** of account activity. See the [training notebook](https://example.com/nb)
and the [runbook](/docs/runbook).

- Positive class: \`churned\`
- Retrain monthly

Raw HTML is shown as text: <script>alert("xss")</script>, and [this link](javascript:alert(1)) is inert.`;

function Section({ id, title, description, children }: { id: string; title: string; description?: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="scroll-mt-20 border-t border-border pt-8">
      <div className="mb-5">
        <h2 id={id} className="text-lg font-semibold text-foreground">
          {title}
        </h2>
        {description ? <p className="mt-1 text-sm text-muted-foreground">{description}</p> : null}
      </div>
      {children}
    </section>
  );
}

function Swatch({ name, className }: { name: string; className: string }) {
  return (
    <div className="flex items-center gap-2.5">
      <span className={`size-8 shrink-0 rounded-md border border-border ${className}`} aria-hidden="true" />
      <span className="text-xs font-medium text-muted-foreground">{name}</span>
    </div>
  );
}

const versions = [
  { n: 7, stage: "PRODUCTION", status: "PASSED", auc: "0.912", p95: "1.8 ms", sha: "9f2c4e1a", by: "ada@acme.io", when: "2 h ago" },
  { n: 6, stage: "STAGING", status: "RUNNING", auc: "0.905", p95: "2.1 ms", sha: "41b7d0c3", by: "lin@acme.io", when: "yesterday" },
  { n: 5, stage: "DEVELOPMENT", status: "FAILED", auc: "0.771", p95: "6.4 ms", sha: "c0ffee12", by: "ada@acme.io", when: "3 days ago" },
  { n: 4, stage: "ARCHIVED", status: "SKIPPED", auc: "0.884", p95: "2.0 ms", sha: "7a1d93bb", by: "sam@acme.io", when: "Mar 2" },
];

export default function DesignPage() {
  return (
    <AppShell
      items={nav}
      currentPath="/models"
      user={{ name: "Ada Lovelace", email: "ada@acme.io", isAdmin: true }}
      teams={[
        { slug: "risk", name: "Risk analytics", role: "DATA_SCIENTIST" },
        { slug: "growth", name: "Growth", role: "APPROVER" },
      ]}
      userMenuItems={[
        { href: "/settings/tokens", label: "API tokens", icon: <KeyRound /> },
        { href: "/admin", label: "Administration", icon: <Settings /> },
      ]}
      banner={
        <Alert
          variant="warning"
          title="Workers are not responding"
          description="Evaluations and uploads are queued and will resume when a worker reconnects. Last heartbeat 4 min ago."
        />
      }
    >
      <PageHeader
        breadcrumbs={[{ label: "Internal", href: "/" }, { label: "Design system" }]}
        title="Design system"
        description="Every primitive in one place, for review and screenshots. Internal; not linked from the app."
        actions={
          <>
            <Button variant="outline">
              <Download />
              Export
            </Button>
            <Button>
              <Plus />
              New model
            </Button>
          </>
        }
      />

      <div className="space-y-10">
        <Section id="colors" title="Colour" description="Neutral slate surfaces, one indigo primary, four semantic colours.">
          <div className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-8">
            <Swatch name="Background" className="bg-background" />
            <Swatch name="Card" className="bg-card" />
            <Swatch name="Muted" className="bg-muted" />
            <Swatch name="Primary" className="bg-primary" />
            <Swatch name="Success" className="bg-success" />
            <Swatch name="Warning" className="bg-warning" />
            <Swatch name="Danger" className="bg-danger" />
            <Swatch name="Info" className="bg-info" />
          </div>
        </Section>

        <Section id="buttons" title="Buttons">
          <div className="space-y-4">
            <div className="flex flex-wrap items-center gap-2">
              <Button>Default</Button>
              <Button variant="secondary">Secondary</Button>
              <Button variant="outline">Outline</Button>
              <Button variant="ghost">Ghost</Button>
              <Button variant="destructive">
                <Trash2 />
                Delete
              </Button>
              <Button variant="link">Link</Button>
            </div>
            <div className="flex flex-wrap items-center gap-2">
              <Button size="sm">Small</Button>
              <Button size="md">Medium</Button>
              <Button size="lg">Large</Button>
              <Button loading loadingText="Uploading…">
                Upload
              </Button>
              <Button variant="outline" disabled>
                Disabled
              </Button>
              <Button asChild variant="outline">
                <Link href="/models">As a link</Link>
              </Button>
              <SimpleTooltip content="Upload a new version">
                <Button size="icon" variant="outline" aria-label="Upload version">
                  <Upload />
                </Button>
              </SimpleTooltip>
              <SimpleTooltip content="More actions">
                <Button size="icon" variant="ghost" aria-label="More actions">
                  <MoreHorizontal />
                </Button>
              </SimpleTooltip>
            </div>
          </div>
        </Section>

        <Section id="badges" title="Badges" description="Stages and statuses always pair an icon with text.">
          <div className="space-y-3">
            <div className="flex flex-wrap gap-2">
              <Badge variant="default">Default</Badge>
              <Badge variant="primary">Primary</Badge>
              <Badge variant="secondary">Secondary</Badge>
              <Badge variant="outline">Outline</Badge>
              <Badge variant="success">Success</Badge>
              <Badge variant="warning">Warning</Badge>
              <Badge variant="danger">Danger</Badge>
              <Badge variant="info">Info</Badge>
            </div>
            <div className="flex flex-wrap gap-2">
              <StageBadge stage="DEVELOPMENT" />
              <StageBadge stage="STAGING" />
              <StageBadge stage="PRODUCTION" />
              <StageBadge stage="ARCHIVED" />
            </div>
            <div className="flex flex-wrap gap-2">
              {["PENDING", "QUEUED", "RUNNING", "PASSED", "SUCCEEDED", "FAILED", "CANCELLED", "SKIPPED"].map((s) => (
                <StatusBadge key={s} status={s} />
              ))}
            </div>
          </div>
        </Section>

        <Section id="alerts" title="Alerts">
          <div className="grid grid-cols-1 gap-3 lg:grid-cols-2">
            <Alert variant="info" title="Evaluation queued" description="Position 3 in the evaluate queue." />
            <Alert variant="success" title="All gates passed" description="Version 7 is ready for approval." />
            <Alert
              variant="warning"
              title="Approval voided"
              description="New evidence superseded the run this approval saw."
            />
            <Alert
              variant="danger"
              title="Intake failed"
              description="The model uses a custom-op domain (com.acme) which is not allowed."
              action={<Button size="sm" variant="outline">View checks</Button>}
            />
          </div>
        </Section>

        <Section id="forms" title="Forms" description="Field wires label, hint and error to the control.">
          <Card>
            <CardHeader>
              <CardTitle as="h3">Register a model</CardTitle>
              <CardDescription>Models belong to one team; names are unique within it.</CardDescription>
            </CardHeader>
            <CardContent className="grid gap-5 md:grid-cols-2">
              <Field label="Name" required hint="Lowercase letters, digits, - _ and . (max 63).">
                <Input name="name" placeholder="churn-xgb" />
              </Field>
              <Field label="Task" required>
                {(control) => (
                  <Select name="task" defaultValue="binary">
                    <SelectTrigger {...control}>
                      <SelectValue placeholder="Choose a task" />
                    </SelectTrigger>
                    <SelectContent>
                      <SelectItem value="binary">Binary classification</SelectItem>
                      <SelectItem value="multiclass">Multiclass classification</SelectItem>
                      <SelectItem value="regression">Regression</SelectItem>
                    </SelectContent>
                  </Select>
                )}
              </Field>
              <Field label="Git commit" error="Must be a 7–40 character hex SHA.">
                <Input name="gitCommit" defaultValue="not-a-sha" className="font-mono" />
              </Field>
              <Field label="Team" hint="You can register models in teams where you are a data scientist.">
                <Input name="team" defaultValue="Risk analytics" disabled />
              </Field>
              <Field label="Description" hint="Markdown is supported." className="md:col-span-2">
                <Textarea name="description" placeholder="What the model predicts, on which population, and its known limits." />
              </Field>
              <div className="grid gap-3 md:col-span-2">
                <Checkbox label="Require two approvals for production" description="Approvers other than the uploader." defaultChecked />
                <Checkbox label="Notify the team on promotion" />
              </div>
            </CardContent>
            <CardFooter className="justify-end">
              <Button variant="ghost">Cancel</Button>
              <Button>Register model</Button>
            </CardFooter>
          </Card>
        </Section>

        <Section id="cards" title="Cards and key-value lists">
          <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
            <Card className="lg:col-span-2">
              <CardHeader className="flex-row items-start justify-between gap-4">
                <div className="space-y-1">
                  <CardTitle>Version 7</CardTitle>
                  <CardDescription>Uploaded by ada@acme.io · 2 hours ago</CardDescription>
                </div>
                <StageBadge stage="PRODUCTION" />
              </CardHeader>
              <CardContent>
                <KeyValueList
                  items={[
                    { label: "SHA-256", value: <Code>9f2c4e1ab7d03c55e0a1f6…</Code> },
                    { label: "Size", value: "12.4 MB" },
                    { label: "Producer", value: "skl2onnx 1.17.0" },
                    { label: "Opset", value: "ai.onnx 17, ai.onnx.ml 3" },
                    { label: "Training data", value: null },
                  ]}
                />
              </CardContent>
            </Card>
            <Card>
              <CardHeader>
                <CardTitle>Metrics</CardTitle>
                <CardDescription>eval-2024-q4.csv · 48,210 rows</CardDescription>
              </CardHeader>
              <CardContent>
                <KeyValueList
                  layout="grid"
                  className="sm:grid-cols-2 lg:grid-cols-2"
                  items={[
                    { label: "roc_auc", value: <span className="text-lg font-semibold tabular-nums">0.912</span> },
                    { label: "f1", value: <span className="text-lg font-semibold tabular-nums">0.784</span> },
                    { label: "log_loss", value: <span className="text-lg font-semibold tabular-nums">0.291</span> },
                    { label: "p95 latency", value: <span className="text-lg font-semibold tabular-nums">1.8 ms</span> },
                  ]}
                />
              </CardContent>
            </Card>
          </div>
        </Section>

        <Section id="table" title="Table" description="Scrolls horizontally on narrow screens.">
          <Table aria-label="Versions of churn-xgb">
            <THead>
              <TR>
                <TH>Version</TH>
                <TH>Stage</TH>
                <TH>Gates</TH>
                <TH className="text-right">ROC AUC</TH>
                <TH className="text-right">p95</TH>
                <TH>Artifact</TH>
                <TH>Uploaded by</TH>
                <TH>
                  <span className="sr-only">Actions</span>
                </TH>
              </TR>
            </THead>
            <TBody>
              {versions.map((v) => (
                <TR key={v.n}>
                  <TD className="font-medium">
                    <Link href="#" className="rounded-sm hover:underline hover:underline-offset-4">
                      v{v.n}
                    </Link>
                  </TD>
                  <TD>
                    <StageBadge stage={v.stage} />
                  </TD>
                  <TD>
                    <StatusBadge status={v.status} />
                  </TD>
                  <TD className="text-right tabular-nums">{v.auc}</TD>
                  <TD className="text-right tabular-nums">{v.p95}</TD>
                  <TD>
                    <Code>{v.sha}</Code>
                  </TD>
                  <TD className="whitespace-nowrap text-muted-foreground">
                    {v.by} · {v.when}
                  </TD>
                  <TD className="w-0 text-right">
                    <DropdownMenu>
                      <DropdownMenuTrigger asChild>
                        <Button size="icon-sm" variant="ghost" aria-label={`Actions for version ${v.n}`}>
                          <MoreHorizontal />
                        </Button>
                      </DropdownMenuTrigger>
                      <DropdownMenuContent align="end">
                        <DropdownMenuLabel>Version {v.n}</DropdownMenuLabel>
                        <DropdownMenuItem>
                          <FlaskConical />
                          Run evaluation
                        </DropdownMenuItem>
                        <DropdownMenuItem>
                          <ClipboardCheck />
                          Request promotion
                        </DropdownMenuItem>
                        <DropdownMenuSeparator />
                        <DropdownMenuItem variant="danger">
                          <Trash2 />
                          Archive
                        </DropdownMenuItem>
                      </DropdownMenuContent>
                    </DropdownMenu>
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        </Section>

        <Section id="tabs" title="Tabs, progress and dialog">
          <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
            <Card>
              <CardContent>
                <Tabs defaultValue="overview">
                  <TabsList>
                    <TabsTrigger value="overview">Overview</TabsTrigger>
                    <TabsTrigger value="versions">Versions</TabsTrigger>
                    <TabsTrigger value="evaluations">Evaluations</TabsTrigger>
                    <TabsTrigger value="policy">Gate policy</TabsTrigger>
                  </TabsList>
                  <TabsContent value="overview" className="space-y-4">
                    <Progress label="Evaluating on eval-2024-q4.csv" value={62} />
                    <Progress label="Batch scoring" value={18240} max={48210} valueText="18,240 of 48,210 rows" tone="success" />
                    <Progress label="Waiting for a worker" value={null} />
                    <Progress label="Disk usage" value={91} tone="danger" />
                  </TabsContent>
                  <TabsContent value="versions">
                    <p className="text-muted-foreground">Four versions, one in production.</p>
                  </TabsContent>
                  <TabsContent value="evaluations">
                    <p className="text-muted-foreground">No evaluations in the last 7 days.</p>
                  </TabsContent>
                  <TabsContent value="policy">
                    <p className="text-muted-foreground">ROC AUC ≥ 0.80, p95 latency ≤ 5 ms, 2 approvals.</p>
                  </TabsContent>
                </Tabs>
              </CardContent>
            </Card>
            <Card>
              <CardHeader>
                <CardTitle>Promote to production</CardTitle>
                <CardDescription>Dialogs trap focus, close on Escape and return focus to the trigger.</CardDescription>
              </CardHeader>
              <CardContent className="flex flex-wrap items-center gap-3">
                <Dialog>
                  <DialogTrigger asChild>
                    <Button>Request promotion</Button>
                  </DialogTrigger>
                  <DialogContent>
                    <DialogHeader>
                      <DialogTitle>Request promotion of v6</DialogTitle>
                      <DialogDescription>
                        Two approvers other than you must approve. Approvals are void if the evidence changes.
                      </DialogDescription>
                    </DialogHeader>
                    <Field label="Comment" hint="Visible to approvers and kept in the audit log.">
                      <Textarea placeholder="Why this version should serve production traffic" />
                    </Field>
                    <DialogFooter>
                      <DialogClose asChild>
                        <Button variant="outline">Cancel</Button>
                      </DialogClose>
                      <Button>Request</Button>
                    </DialogFooter>
                  </DialogContent>
                </Dialog>
                <span className="inline-flex items-center gap-2 text-sm text-muted-foreground">
                  <Spinner /> Loading gate results…
                </span>
              </CardContent>
            </Card>
          </div>
        </Section>

        <Section id="upload" title="File upload" description="Drop or browse; the wrong extension is rejected before any bytes are sent.">
          <div className="max-w-2xl">
            <UploadDemo />
          </div>
        </Section>

        <Section id="code" title="Code and markdown">
          <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
            <div className="min-w-0 space-y-3">
              <p className="text-sm">
                Metric keys follow scikit-learn: <Code>roc_auc</Code>, <Code>average_precision</Code>.
              </p>
              <CodeBlock
                title="curl"
                code={`curl -X POST https://modelgate.internal/v1/models/risk/churn-xgb/predict \\
  -H "Authorization: Bearer $MODELGATE_TOKEN" \\
  -d '{"rows":[{"age":41,"tenure_months":18,"plan":"pro"}]}'`}
              />
            </div>
            <Card>
              <CardContent>
                <Markdown source={sampleMarkdown} />
              </CardContent>
            </Card>
          </div>
        </Section>

        <Section id="states" title="Empty, loading and notifications">
          <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
            <EmptyState
              icon={<Boxes />}
              title="No models yet"
              description="Register a model, then upload its first ONNX version to start the intake gates."
              action={
                <Button>
                  <Plus />
                  Register model
                </Button>
              }
            />
            <Card>
              <CardHeader>
                <Skeleton className="h-5 w-40" />
                <Skeleton className="h-4 w-64" />
              </CardHeader>
              <CardContent className="space-y-3">
                <Skeleton className="h-9 w-full" />
                <Skeleton className="h-9 w-full" />
                <Skeleton className="h-9 w-2/3" />
              </CardContent>
              <CardFooter>
                <ToastDemo />
              </CardFooter>
            </Card>
          </div>
        </Section>
      </div>
    </AppShell>
  );
}
