// Runs an example exactly as its instructions say (`npm run example:<name>`) on a free port and
// talks to it like WeChat would. As a module: startExample() for the unit tests. As a script:
//   node scripts/example-smoke.mjs deno bun nextjs
// starts each example, checks it with the built `wxmp` CLI (URL verification, a text echo, a
// subscribe, a forged push refused and logged), stops it, and prints "examples: N passed, N failed".
// `example:nextjs` installs examples/nextjs (its own package.json and lock), runs `next build`,
// then `next start`.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const TOKEN = 'wxmpDevToken';

/** How each example says it is ready; the Next.js one is given its token and first installs and builds. */
const SPECS = {
  default: { ready: /(http:\/\/127\.0\.0\.1:\d+\/wechat)/, path: '', env: {}, timeoutMs: 60_000 },
  nextjs: {
    ready: /Local:\s+(http:\/\/127\.0\.0\.1:\d+)[\s\S]*Ready in/,
    path: '/wechat',
    env: { WECHAT_TOKEN: TOKEN, NEXT_TELEMETRY_DISABLED: '1' },
    timeoutMs: 900_000,
  },
};

/**
 * Starts `npm run example:<name>` in its own process group with PORT=0; resolves once it prints
 * its URL. `logs()` is everything it printed so far; `stop()` ends the whole group.
 * @param {string} name
 * @param {Record<string, string>} [env] added to the example's environment
 * @returns {Promise<{ url: string, logs: () => string, stop: () => Promise<void> }>}
 */
export function startExample(name, env = {}) {
  const spec = SPECS[name] ?? SPECS.default;
  const timeoutMs = spec.timeoutMs;
  const child = spawn('npm', ['run', '--silent', `example:${name}`], {
    cwd: root,
    detached: true, // a process group: npm, the shell, tsx and node stop together
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: '0', NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', ...spec.env, ...env },
  });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-(/** @type {number} */ (child.pid)), 'SIGTERM');
      } catch {
        // already gone
      }
      await exited;
    }
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`example:${name} printed no URL within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk) => {
      output += chunk;
      const m = spec.ready.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve({ url: `${m[1]}${spec.path}`, logs: () => output, stop });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`example:${name} exited (${code}) before printing its URL:\n${output}`));
    });
  });
}

/** Checks a running example with the built CLI; throws with the CLI's output on a failure. */
async function check(url, logs) {
  const cli = (args) =>
    spawnSync(process.execPath, ['dist/cli/index.js', 'simulate', '--url', url, ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
  const steps = [
    [['--token', TOKEN, 'verify'], 0, /URL verification passed/],
    [['--token', TOKEN, 'text', '你好'], 0, /text reply\n {2}你好/],
    [['--token', TOKEN, 'event', 'subscribe'], 0, /感谢关注/],
    [['--token', 'notTheToken', 'text', 'forged'], 1, /HTTP 403/],
  ];
  for (const [args, status, pattern] of steps) {
    const r = cli(args);
    if (r.status !== status || !pattern.test(`${r.stdout}${r.stderr}`))
      throw new Error(`wxmp simulate ${args.join(' ')} → exit ${r.status}\n${r.stdout}${r.stderr}`);
  }
  // the example's log line arrives through a pipe: wait for it (bounded)
  for (let i = 0; i < 50 && !/wechat: 403/.test(logs()); i++) await new Promise((r) => setTimeout(r, 100));
  if (!/wechat: 403/.test(logs())) throw new Error(`the forged push was not logged:\n${logs()}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let passed = 0;
  let failed = 0;
  for (const name of process.argv.slice(2)) {
    let running;
    try {
      running = await startExample(name);
      await check(running.url, running.logs);
      passed++;
      console.log(`ok - example:${name} (${running.url})`);
    } catch (e) {
      failed++;
      console.log(`not ok - example:${name}\n${e instanceof Error ? e.message : String(e)}`);
    } finally {
      await running?.stop();
    }
  }
  console.log(`examples: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
