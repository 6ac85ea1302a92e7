/** @type {import('next').NextConfig} */
const nextConfig = {
  // The spec's URL ends in a slash; answer it directly instead of redirecting with a 308.
  skipTrailingSlashRedirect: true,
  poweredByHeader: false,
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg", "@prisma/adapter-pg"],
};

export default nextConfig;
