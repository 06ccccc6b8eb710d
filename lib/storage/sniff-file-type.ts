// Recognises common files that are not ONNX from their first bytes, so an upload of the wrong file
// is refused at once with a message naming what it is. ONNX is a protobuf without a magic number, so
// this only ever says "certainly not ONNX"; the intake worker decides whether it really is ONNX.
const SIGNATURES: { name: string; bytes: number[]; offset?: number }[] = [
  { name: "a PNG image", bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { name: "a JPEG image", bytes: [0xff, 0xd8, 0xff] },
  { name: "a GIF image", bytes: [0x47, 0x49, 0x46, 0x38] },
  { name: "a PDF document", bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { name: "a ZIP archive (for example a PyTorch .pt, Keras or scikit-learn pickle bundle)", bytes: [0x50, 0x4b, 0x03, 0x04] },
  { name: "a gzip archive", bytes: [0x1f, 0x8b] },
  { name: "an HDF5 file (for example a Keras .h5 model)", bytes: [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a] },
  { name: "a Python pickle", bytes: [0x80, 0x04, 0x95] },
  { name: "a Python pickle", bytes: [0x80, 0x05, 0x95] },
  { name: "an ELF executable", bytes: [0x7f, 0x45, 0x4c, 0x46] },
  { name: "a TensorFlow Lite model", bytes: [0x54, 0x46, 0x4c, 0x33], offset: 4 },
  { name: "a SafeTensors file", bytes: [0x7b, 0x22, 0x5f, 0x5f], offset: 8 },
];

export function sniffNonOnnx(head: Uint8Array): string | null {
  for (const sig of SIGNATURES) {
    const offset = sig.offset ?? 0;
    if (head.length < offset + sig.bytes.length) continue;
    if (sig.bytes.every((b, i) => head[offset + i] === b)) return sig.name;
  }
  const text = new TextDecoder("utf-8", { fatal: false }).decode(head.subarray(0, 64)).trimStart();
  if (text.startsWith("{") || text.startsWith("[")) return "a JSON or text file";
  if (/^(<\?xml|<!doctype|<html)/i.test(text)) return "an XML or HTML document";
  if (/^(version https:\/\/git-lfs)/.test(text)) return "a Git LFS pointer, not the model itself";
  return null;
}
