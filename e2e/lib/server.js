// Starts the real stegvis binary for a test run, as an operator would:
// build the sample programs, publish the bundles into a fresh embedded
// store, and serve them with the development sign-in and the demo seed.

import { spawn, execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The repository's root: e2e/ lives directly under it. */
export const repo = resolve(import.meta.dirname, '..', '..');

/** The binary under test; `make build` writes it. STEGVIS_BIN overrides it. */
export const binary = process.env.STEGVIS_BIN || join(repo, 'bin', 'stegvis');

/** freePort asks the kernel for a port nobody listens on. */
export async function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

/**
 * prepareStore builds content/ into bundles and publishes them into a
 * fresh embedded store in a new temporary directory named after prefix.
 * It resolves to { dir, store }; the caller removes dir when done.
 */
export async function prepareStore(prefix = 'stegvis-e2e-') {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const bundles = join(dir, 'bundles');
  const store = join(dir, 's.db');
  const opts = { cwd: repo, maxBuffer: 16 << 20 };
  try {
    await run(binary, ['build', join(repo, 'content'), '-o', bundles], opts);
    const built = (await readdir(bundles)).map((b) => join(bundles, b));
    if (built.length === 0) throw new Error(`stegvis build wrote no bundles into ${bundles}`);
    await run(binary, ['publish', ...built, '--store', store, '--by', 'e2e'], opts);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`prepare the store: ${err.message}\n${err.stderr ?? ''}`);
  }
  return { dir, store };
}

/**
 * serveBinary runs the binary with the arguments argsFor(addr) returns,
 * addr a free 127.0.0.1:port for its --addr, until the path ready answers
 * 2xx (within ms, else it stops it and fails). It resolves to { base,
 * stop, logs }: stop ends the process (SIGTERM, SIGKILL after 10 s) and
 * waits for it; logs() returns what it has written so far, for a failing
 * test to show.
 */
export async function serveBinary(argsFor, { ready = '/readyz', within = 30_000 } = {}) {
  if (!existsSync(binary)) {
    throw new Error(`${binary} is missing: run "make build" first (or set STEGVIS_BIN)`);
  }
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const args = argsFor(`127.0.0.1:${port}`);
  const child = spawn(binary, args, { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (chunk) => {
    out += chunk;
    if (out.length > 1 << 20) out = out.slice(-(1 << 19));
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((ok) => child.once('exit', (code, signal) => ok({ code, signal })));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };

  const what = `stegvis ${args[0]}`;
  const deadline = Date.now() + within;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`${what} exited with ${child.exitCode}:\n${out}`);
    }
    try {
      const res = await fetch(base + ready);
      if (res.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${what} was not ready within ${within / 1000} s:\n${out}`);
    }
    await new Promise((ok) => setTimeout(ok, 100));
  }
  return { base, stop, logs: () => out };
}

/**
 * startServer builds content/ into bundles, publishes them and serves them
 * on a free port of 127.0.0.1 until stop is called. It resolves once
 * /readyz answers 200. logs() returns what the server has written so far,
 * for a failing test to show. args are added to the serve command, e.g.
 * ['--clock-offset', '61d'].
 */
export async function startServer({ args = [] } = {}) {
  if (!existsSync(binary)) {
    throw new Error(`${binary} is missing: run "make build" first (or set STEGVIS_BIN)`);
  }
  const { dir, store } = await prepareStore();
  let server;
  try {
    server = await serveBinary((addr) => ['serve', '--dev', '--demo', '--store', store, '--addr', addr, ...args]);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  const stop = async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  };
  return { base: server.base, stop, logs: server.logs };
}

/**
 * startPreview runs `stegvis preview` on the folder of programs dir
 * (relative to the repository) on a free port, until the path ready
 * answers, within ms.
 */
export async function startPreview(dir, { ready = '/', within = 30_000 } = {}) {
  return serveBinary((addr) => ['preview', '--addr', addr, join(repo, dir)], { ready, within });
}
