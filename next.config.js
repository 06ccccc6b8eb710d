/** @type {import('next').NextConfig} */
const nextConfig = {
  // onnxruntime-node ships native libraries; Next must load it from node_modules, not bundle it.
  serverExternalPackages: ["onnxruntime-node", "@node-rs/argon2", "bullmq", "ioredis", "pg", "busboy", "onnx-proto", "protobufjs"],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
};

module.exports = nextConfig;
