// npm runs `prepare` after `npm install` and `npm ci` in the checkout: that is where dist/ gets built.
// npm also runs it for `--dry-run`, which must not write dist/, and with `--omit=dev`, where TypeScript is
// not installed; both then go on without dist/ (bin/cwlpipe.js says to run `npm run build` if it is needed).
const { spawnSync } = require('node:child_process');

const hasTypeScript = () => {
  try {
    require.resolve('typescript');
    return true;
  } catch {
    return false;
  }
};

if (process.env.npm_config_dry_run === 'true') {
  // A dry run changes nothing.
} else if (!hasTypeScript()) {
  process.stderr.write('cwlpipe: TypeScript is not installed (--omit=dev?), so dist/ was not built.\n');
} else {
  const npm = process.env.npm_execpath;
  const build = npm
    ? spawnSync(process.execPath, [npm, 'run', 'build'], { stdio: 'inherit' })
    : spawnSync('npm', ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
  process.exitCode = build.status ?? 1;
}
