import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { formatBytes } from "@/lib/utils/format";
import type { TVersionDetail } from "@/lib/versions/get-version";

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-3 gap-2 py-1.5">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="col-span-2 min-w-0 break-words">{children}</dd>
    </div>
  );
}

export function VersionFacts({ version: v }: { version: TVersionDetail }) {
  return (
    <Card>
      <CardHeader><CardTitle>Artifact and lineage</CardTitle></CardHeader>
      <CardContent>
        <dl className="divide-y divide-border text-sm">
          <Row label="File">{v.originalFilename ?? "—"}</Row>
          <Row label="Size">{formatBytes(v.artifactSize)}</Row>
          <Row label="SHA-256"><span className="font-mono text-xs break-all">{v.artifactSha256}</span></Row>
          {v.scoringSha256 ? <Row label="Scoring graph"><span className="font-mono text-xs break-all" title="Derived at intake so the runtime can read the outputs; the uploaded file is unchanged">{v.scoringSha256}</span></Row> : null}
          <Row label="Uploaded by">{v.uploadedBy.name} <span className="text-muted-foreground">({v.uploadedBy.email})</span></Row>
          <Row label="Uploaded"><time dateTime={new Date(v.createdAt).toISOString()}>{new Date(v.createdAt).toISOString().replace("T", " ").slice(0, 16)} UTC</time></Row>
          <Row label="Training data">{v.trainingDataRef ?? "—"}</Row>
          <Row label="Git commit">{v.gitCommit ? <span className="font-mono text-xs">{v.gitCommit}</span> : "—"}</Row>
          {v.declaredFeatures.length ? <Row label="Declared features">{v.declaredFeatures.length}</Row> : null}
          {v.params ? <Row label="Params"><pre className="overflow-x-auto font-mono text-xs">{JSON.stringify(v.params, null, 2)}</pre></Row> : null}
          {v.notes ? <Row label="Notes"><span className="whitespace-pre-wrap">{v.notes}</span></Row> : null}
        </dl>
      </CardContent>
    </Card>
  );
}
