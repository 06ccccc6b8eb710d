// A compact before → after summary of an audit event's JSON.
export function AuditChange({ before, after }: { before: unknown; after: unknown }) {
  const fmt = (v: unknown) => (v === null || v === undefined ? "" : JSON.stringify(v));
  const b = fmt(before);
  const a = fmt(after);
  if (!a && !b) return <span className="text-muted-foreground">—</span>;
  return (
    <div className="max-w-md font-mono text-xs break-all">
      {b ? <div className="text-danger/80">− {b.slice(0, 200)}</div> : null}
      {a ? <div className="text-success">+ {a.slice(0, 200)}</div> : null}
    </div>
  );
}
