// Starts a throw-away redis-server (Debian package) for the tests and the bench: 127.0.0.1, a free
// port, no persistence. It runs under a tiny `sh` watchdog that reads our stdin: when this process
// ends in any way (even SIGKILL) the pipe closes and the watchdog stops redis-server, so a crashed
// test run does not leak servers. Installs redis-server with apt-get when it is missing and we are
// root (CI and the dev containers); otherwise says how to install it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const WATCHDOG =
  'redis-server "$@" & pid=$!; echo "$pid"; cat >/dev/null; kill -CONT "$pid" 2>/dev/null; kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; exit 0';

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

async function launch(bin, port, extra = []) {
  const log = join(tmpdir(), `wxmp-redis-${port}-${process.pid}.log`);
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--logfile', log, '--daemonize', 'no', ...extra];
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

/** A port in 20000–44999 whose cluster bus port (+10000) is free too. */
async function freeClusterPort() {
  const free = (port) =>
    new Promise((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 25000);
    if ((await free(port)) && (await free(port + 10000))) return port;
  }
}

/**
 * Starts a Redis Cluster of `masters` (default 3) throw-away nodes on 127.0.0.1, slots spread
 * evenly, no replicas. Resolves once every node reports `cluster_state:ok`.
 * Returns { ports, stop() }.
 */
export async function startRedisCluster(options = {}) {
  const bin = redisServerBinary();
  const cli = join(dirname(bin), 'redis-cli');
  const dir = mkdtempSync(join(tmpdir(), 'wxmp-redis-cluster-'));
  const runs = [];
  const stop = async () => {
    for (const r of runs.splice(0)) {
      r.sh.ref();
      r.sh.stdin.end();
      await r.exited;
      rmSync(r.log, { force: true });
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < (options.masters ?? 3); i++) {
      const port = await freeClusterPort();
      const run = await launch(bin, port, [
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        join(dir, `nodes-${port}.conf`),
        '--cluster-node-timeout',
        '5000',
      ]);
      runs.push(Object.assign(run, { port }));
    }
    const ports = runs.map((r) => r.port);
    // What `redis-cli --cluster create` does, without its one-second waits: an equal share of the
    // 16384 slots and a distinct config epoch per node, then every node meets the first.
    const call = (port, ...args) => {
      const r = spawnSync(cli, ['-p', String(port), ...args], { encoding: 'utf8' });
      if (r.status !== 0 || /^ERR/m.test(r.stdout)) throw new Error(`redis-cli ${args.join(' ')}: ${r.stdout}${r.stderr}`);
    };
    ports.forEach((port, i) => {
      call(port, 'cluster', 'addslotsrange', String(Math.floor((16384 * i) / ports.length)), String(Math.floor((16384 * (i + 1)) / ports.length) - 1));
      call(port, 'cluster', 'set-config-epoch', String(i + 1));
    });
    for (const port of ports.slice(1)) call(ports[0], 'cluster', 'meet', '127.0.0.1', String(port));
    const ok = (port) => /cluster_state:ok/.test(spawnSync(cli, ['-p', String(port), 'cluster', 'info'], { encoding: 'utf8' }).stdout);
    for (let i = 0; !ports.every(ok); i++) {
      if (i > 500) throw new Error('the Redis Cluster did not reach cluster_state:ok within 10 s');
      await new Promise((r) => setTimeout(r, 20));
    }
    return { ports, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
