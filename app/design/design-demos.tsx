"use client";

import * as React from "react";
import { Button } from "@/components/ui/button";
import { FileDrop } from "@/components/ui/file-drop";
import { toast } from "@/components/ui/toast";
import { UploadProgress, type UploadStatus } from "@/components/ui/upload-progress";

export function ToastDemo() {
  return (
    <div className="flex flex-wrap gap-2">
      <Button variant="outline" onClick={() => toast({ title: "Saved", description: "Gate policy updated." })}>
        Default toast
      </Button>
      <Button
        variant="outline"
        onClick={() => toast.success("Version 7 promoted", { description: "churn-xgb is now in Production." })}
      >
        Success
      </Button>
      <Button
        variant="outline"
        onClick={() =>
          toast.error("Evaluation failed", {
            description: "Input 'age' expects float32, got string.",
            action: { label: "View run", onClick: () => undefined },
          })
        }
      >
        Error
      </Button>
    </div>
  );
}

/** FileDrop wired to a simulated upload so the progress card can be seen moving. */
export function UploadDemo() {
  const [file, setFile] = React.useState<File | null>(null);
  const [loaded, setLoaded] = React.useState(0);
  const [status, setStatus] = React.useState<UploadStatus | null>(null);
  const timer = React.useRef<ReturnType<typeof setInterval> | undefined>(undefined);

  React.useEffect(() => () => clearInterval(timer.current), []);

  function start(f: File) {
    setFile(f);
    setLoaded(0);
    setStatus("uploading");
    clearInterval(timer.current);
    const total = Math.max(f.size, 1);
    timer.current = setInterval(() => {
      setLoaded((prev) => {
        const next = Math.min(total, prev + total / 25);
        if (next >= total) {
          clearInterval(timer.current);
          setStatus("done");
        }
        return next;
      });
    }, 200);
  }

  return (
    <div className="grid gap-4">
      <FileDrop
        accept=".onnx"
        maxSize={500 * 1024 * 1024}
        description="ONNX model, up to 500 MB"
        onFile={start}
        onClear={() => {
          clearInterval(timer.current);
          setFile(null);
          setStatus(null);
        }}
      />
      {file && status ? (
        <UploadProgress
          fileName={file.name}
          loaded={loaded}
          total={file.size}
          bytesPerSecond={status === "uploading" ? file.size / 5 : undefined}
          status={status}
          onCancel={() => {
            clearInterval(timer.current);
            setStatus("cancelled");
          }}
        />
      ) : null}
    </div>
  );
}
