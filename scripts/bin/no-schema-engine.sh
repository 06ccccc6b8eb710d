#!/bin/sh
# Stand-in for Prisma's native schema engine, which the CLI would download (no network here).
# `prisma generate` never calls it; anything that does is pointed at `npm run db:migrate`.
echo "modelgate: the native Prisma schema engine is not used here; run 'npm run db:migrate' (WebAssembly engine) instead." >&2
exit 1
