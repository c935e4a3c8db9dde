/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native addons are loaded by Node at run time instead of being bundled.
  serverExternalPackages: ['better-sqlite3', 'faiss-node', 'onnxruntime-node', 'sharp', 'pino', 'pino-pretty'],
  images: { unoptimized: true },
};

export default nextConfig;
