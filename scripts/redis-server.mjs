// Starts a throw-away redis-server (Debian package) for the tests and the bench: 127.0.0.1, a free
// port, no persistence. It runs under a tiny `sh` watchdog that reads our stdin: when this process
// ends in any way (even SIGKILL) the pipe closes and the watchdog stops redis-server, so a crashed
// test run does not leak servers. Installs redis-server with apt-get when it is missing and we are
// root (CI and the dev containers); otherwise says how to install it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const WATCHDOG = 'redis-server "$@" & pid=$!; echo "$pid"; cat >/dev/null; kill -CONT "$pid" 2>/dev/null; kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; exit 0';

/** Path of redis-server, installing the Debian package first when it is missing. */
export function redisServerBinary() {
  const which = () => spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
  let bin = which();
  if (bin) return bin;
  if (process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.error('redis-server is missing: installing the Debian package (apt-get install -y redis-server)…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', '-qq', 'redis-server'], { stdio: 'inherit', env });
    bin = which();
    if (bin) return bin;
  }
  throw new Error('redis-server is needed by the Redis tests: install it (Debian/Ubuntu: apt-get install -y redis-server; macOS: brew install redis)');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Resolves true once `PING` on 127.0.0.1:port answers `+PONG`. */
export function ping(port, timeoutMs = 500) {
  return new Promise((resolve) => {
    const sock = createConnection({ host: '127.0.0.1', port });
    const done = (ok) => {
      clearTimeout(timer);
      sock.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    sock.once('connect', () => sock.write('PING\r\n'));
    sock.once('data', (d) => done(d.toString().startsWith('+PONG')));
    sock.once('error', () => done(false));
  });
}

async function launch(bin, port) {
  const log = join(tmpdir(), `wxmp-redis-${port}-${process.pid}.log`);
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--logfile', log, '--daemonize', 'no'];
  const sh = spawn('sh', ['-c', WATCHDOG.replace('redis-server', bin), 'redis-watchdog', ...args], { stdio: ['pipe', 'pipe', 'ignore'] });
  const exited = new Promise((resolve) => sh.once('exit', resolve));
  const pid = await new Promise((resolve, reject) => {
    sh.stdout.once('data', (d) => resolve(Number(String(d).trim())));
    sh.once('exit', () => reject(new Error('the redis-server watchdog exited at once')));
  });
  for (let i = 0; i < 500; i++) {
    if (await ping(port, 200)) {
      // Unreferenced: a test file that ends without stop() still exits, and its exit stops the server.
      sh.unref();
      sh.stdin.unref?.();
      sh.stdout.unref?.();
      return { sh, pid, exited, log };
    }
    if (spawnSync('kill', ['-0', String(pid)]).status !== 0) break; // redis-server died (port taken?)
    await new Promise((r) => setTimeout(r, 20));
  }
  const tail = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-5).join('\n') : '';
  sh.stdin.end();
  await exited;
  rmSync(log, { force: true });
  throw new Error(`redis-server did not start on port ${port}\n${tail}`);
}

/**
 * Starts redis-server on `port` (default: a free one). Returns { port, url, stop(), restart(),
 * pause(), resume() }: stop ends the server, restart starts it again on the same port (empty: no
 * persistence), pause/resume send SIGSTOP/SIGCONT (a server that hangs).
 */
export async function startRedis(options = {}) {
  const bin = redisServerBinary();
  let port = options.port;
  let run;
  for (let attempt = 0; !run; attempt++) {
    const p = port ?? (await freePort());
    try {
      run = await launch(bin, p);
      port = p;
    } catch (e) {
      if (options.port !== undefined || attempt >= 3) throw e;
    }
  }
  const server = {
    port,
    url: `redis://127.0.0.1:${port}`,
    get pid() {
      return run?.pid;
    },
    async stop() {
      if (!run) return;
      const r = run;
      run = undefined;
      r.sh.ref(); // keep the event loop alive until the watchdog has stopped the server
      r.sh.stdin.end();
      await r.exited;
      rmSync(r.log, { force: true });
    },
    async restart() {
      await server.stop();
      run = await launch(bin, port);
    },
    pause() {
      if (run) process.kill(run.pid, 'SIGSTOP');
    },
    resume() {
      if (run) process.kill(run.pid, 'SIGCONT');
    },
  };
  return server;
}
