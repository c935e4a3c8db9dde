#!/usr/bin/env node
// Installs faiss-node's native binding. With internet access the package's own prebuilt binary is
// fetched (prebuild-install), exactly as a plain `npm install` would. Without it, the binding is
// compiled from the package's C++ source against the system faiss (Debian/Ubuntu: libfaiss-dev)
// and OpenBLAS, because faiss-node's fallback clones faiss from GitHub and builds it for ~20 min.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const packageDir = dirname(require.resolve('faiss-node/package.json'));
const bindingPath = join(packageDir, 'build', 'Release', 'faiss-node.node');

function bindingLoads() {
  const probe = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(bindingPath)})`], { stdio: 'pipe' });
  return probe.status === 0;
}

if (existsSync(bindingPath) && bindingLoads()) {
  console.log(`faiss-node: binding already present at ${bindingPath}`);
  process.exit(0);
}

const prebuilt = spawnSync('npx', ['--no-install', 'prebuild-install', '--runtime', 'napi'], {
  cwd: packageDir,
  stdio: 'pipe',
  timeout: 120_000,
});
if (prebuilt.status === 0 && bindingLoads()) {
  console.log('faiss-node: installed the prebuilt binary');
  process.exit(0);
}
console.log('faiss-node: no prebuilt binary could be fetched; compiling against the system libfaiss');

const systemLibrary = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib', '/usr/local/lib']
  .flatMap((dir) => [join(dir, 'libfaiss.so'), join(dir, 'libfaiss.a')])
  .find((path) => existsSync(path));
if (!systemLibrary || !existsSync('/usr/include/faiss/IndexFlat.h')) {
  console.error(
    'faiss-node: no system faiss found (looked for libfaiss.so or libfaiss.a and /usr/include/faiss). ' +
      'Install it with `sudo apt-get install libfaiss-dev libopenblas0-pthread libopenblas-dev`, or run ' +
      '`npm run setup`, then run `npm run native:faiss` again.',
  );
  process.exit(1);
}

// node-gyp needs a binding.gyp beside relative source paths, so build a copy of the package's
// faiss.cc in a scratch folder.
const addonApi = dirname(require.resolve('node-addon-api/package.json'));
const workDir = mkdtempSync(join(tmpdir(), 'faiss-node-build-'));
cpSync(join(packageDir, 'src', 'faiss.cc'), join(workDir, 'faiss.cc'));

// faiss 1.7.3 (Debian 12) declares idx_t only as faiss::Index::idx_t; faiss-node's source expects the
// namespace-level alias that faiss 1.7.4 added. Redeclaring the same alias is harmless on newer faiss.
writeFileSync(join(workDir, 'faiss-compat.h'), '#include <cstdint>\nnamespace faiss { using idx_t = int64_t; }\n');
const gyp = {
  targets: [
    {
      target_name: 'faiss-node',
      sources: ['faiss.cc'],
      include_dirs: [addonApi],
      defines: ['NAPI_VERSION=8', 'NAPI_CPP_EXCEPTIONS'],
      cflags_cc: ['-include', join(workDir, 'faiss-compat.h'), '-std=c++17', '-fexceptions', '-fopenmp', '-O3', '-Wno-unused-but-set-variable'],
      'cflags_cc!': ['-fno-exceptions'],
      libraries: [systemLibrary, '-fopenmp', '-lopenblas', '-llapack'],
    },
  ],
};
writeFileSync(join(workDir, 'binding.gyp'), JSON.stringify(gyp, null, 2));

const nodeGyp = join(dirname(execFileSync('npm', ['root', '-g'], { encoding: 'utf8' }).trim()), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
const gypCommand = existsSync(nodeGyp) ? [process.execPath, nodeGyp] : ['npx', 'node-gyp'];
const build = spawnSync(gypCommand[0], [...gypCommand.slice(1), 'rebuild', '--release'], { cwd: workDir, stdio: 'inherit' });
if (build.status !== 0) {
  console.error(`faiss-node: node-gyp failed with exit code ${build.status}; the build folder is kept at ${workDir}`);
  process.exit(1);
}

mkdirSync(dirname(bindingPath), { recursive: true });
cpSync(join(workDir, 'build', 'Release', 'faiss-node.node'), bindingPath);
rmSync(workDir, { recursive: true, force: true });

if (!bindingLoads()) {
  console.error(`faiss-node: the compiled binding at ${bindingPath} does not load`);
  process.exit(1);
}
console.log(`faiss-node: compiled ${bindingPath} against ${systemLibrary}`);
