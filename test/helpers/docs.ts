import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';

/** One Markdown page: its path from the repository root and its text. */
export interface Page {
  readonly path: string;
  readonly text: string;
}

/**
 * README.md and every Markdown file under docs/, read from a checkout.
 *
 * @example
 * ```ts
 * readPages(ROOT).map((page) => page.path); // ['README.md', 'docs/README.md', 'docs/consumers.md', …]
 * ```
 */
export const readPages = (root: string): Page[] => {
  const found: string[] = ['README.md'];
  const walk = (dir: string): void => {
    for (const name of readdirSync(join(root, dir)).sort()) {
      const path = `${dir}/${name}`;
      if (statSync(join(root, path)).isDirectory()) walk(path);
      else if (name.endsWith('.md')) found.push(path);
    }
  };
  walk('docs');
  return found.map((path) => ({ path, text: readFileSync(join(root, path), 'utf8') }));
};

/** The lines of a page outside fenced code blocks, and the code (fenced blocks and inline spans) apart. */
const split = (text: string): { prose: string[]; code: string[] } => {
  const prose: string[] = [];
  const code: string[] = [];
  let fence: string | undefined;
  for (const line of text.split('\n')) {
    const marker = /^\s*(```+|~~~+)/.exec(line)?.[1];
    if (fence !== undefined) {
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      else code.push(line);
      continue;
    }
    if (marker !== undefined) {
      fence = marker;
      continue;
    }
    for (const span of line.matchAll(/(`+)(.+?)\1/g)) code.push(span[2] ?? '');
    prose.push(line.replace(/(`+)(.+?)\1/g, (span) => ' '.repeat(span.length)));
  }
  return { prose, code };
};

/**
 * GitHub's anchor for a heading: the heading's text lower-cased, every character but letters, digits, spaces,
 * `-` and `_` removed, spaces turned into `-`.
 *
 * @example
 * ```ts
 * headingSlug('## `@message`: kept or left out'); // 'message-kept-or-left-out'
 * ```
 */
export const headingSlug = (heading: string): string =>
  heading
    .replace(/^#+\s*/, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');

/**
 * Every anchor a page offers: its headings' slugs, a repeated one numbered as GitHub numbers it (`-1`, `-2`).
 *
 * @example
 * ```ts
 * anchorsOf('# Title\n## Notes\n## Notes'); // Set { 'title', 'notes', 'notes-1' }
 * ```
 */
export const anchorsOf = (text: string): Set<string> => {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const heading of headingsOf(text)) {
    const slug = headingSlug(heading);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
};

/** The heading lines of a page, code blocks left out. */
const headingsOf = (text: string): string[] => {
  const headings: string[] = [];
  let fence: string | undefined;
  for (const line of text.split('\n')) {
    const marker = /^\s*(```+|~~~+)/.exec(line)?.[1];
    if (marker !== undefined && (fence === undefined || marker[0] === fence[0])) {
      fence = fence === undefined ? marker : undefined;
      continue;
    }
    if (fence === undefined && /^#{1,6}\s/.test(line)) headings.push(line);
  }
  return headings;
};

/** A link of a page that points into the repository, and what is wrong with it (if anything). */
export interface LinkProblem {
  readonly page: string;
  readonly link: string;
  readonly problem: string;
}

/**
 * The relative links of the pages (inline `[text](target)` outside code) that name no file of the checkout, or
 * a heading the target page does not have. Web addresses are not followed.
 *
 * @example
 * ```ts
 * brokenLinks(ROOT, [{ path: 'README.md', text: '[x](docs/nowhere.md)' }]);
 * // [{ page: 'README.md', link: 'docs/nowhere.md', problem: 'docs/nowhere.md does not exist' }]
 * ```
 */
export const brokenLinks = (root: string, pages: readonly Page[]): LinkProblem[] => {
  const problems: LinkProblem[] = [];
  const textOf = (path: string): string | undefined =>
    pages.find((page) => page.path === path)?.text ??
    (existsSync(join(root, path)) ? readFileSync(join(root, path), 'utf8') : undefined);
  for (const page of pages) {
    for (const line of split(page.text).prose) {
      for (const match of line.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
        const link = match[1] ?? '';
        if (/^[a-z][a-z+.-]*:/i.test(link)) continue;
        const [file = '', anchor] = link.split('#');
        const target = file === '' ? page.path : relative(root, resolve(root, dirname(page.path), file));
        if (file !== '' && !pages.some((known) => known.path === target) && !existsSync(join(root, target))) {
          problems.push({ page: page.path, link, problem: `${target} does not exist` });
          continue;
        }
        if (anchor === undefined || anchor === '' || !target.endsWith('.md')) continue;
        if (!anchorsOf(textOf(target) ?? '').has(anchor)) {
          problems.push({ page: page.path, link, problem: `${target} has no heading #${anchor}` });
        }
      }
    }
  }
  return problems;
};

/** A command line shown in a page: the program's words after `cwlpipe`, or an npm script. */
export interface ShownCommand {
  readonly page: string;
  readonly line: string;
  /** `cwlpipe` for `npx cwlpipe …`, `cwlpipe …`, `node bin/cwlpipe.js …`, `npm start -- …`; else `npm-run`. */
  readonly kind: 'cwlpipe' | 'npm-run';
  readonly words: readonly string[];
}

/** Shell words of one line of code, quotes kept together, a comment (` #…`) and brackets dropped. */
const shellWords = (line: string): string[] =>
  [...line.replace(/(^|\s)#.*$/, '').matchAll(/'[^']*'|"[^"]*"|[^\s'"]+/g)].map((match) =>
    match[0].replace(/^\[+|\]+$/g, ''),
  );

const SEPARATORS = new Set(['|', '||', '&&', ';', '>', '>>', '2>', '<', '&']);

/**
 * Every `cwlpipe` command and `npm run` script shown in the pages' code (fenced blocks and inline spans).
 *
 * @example
 * ```ts
 * shownCommands([{ path: 'README.md', text: '`npx cwlpipe deadletter list --limit 5`' }]);
 * // [{ page: 'README.md', line: 'npx cwlpipe deadletter list --limit 5', kind: 'cwlpipe', words: ['deadletter', 'list', '--limit', '5'] }]
 * ```
 */
export const shownCommands = (pages: readonly Page[]): ShownCommand[] => {
  const shown: ShownCommand[] = [];
  for (const page of pages) {
    for (const line of split(page.text).code) {
      const words = shellWords(line);
      for (let at = 0; at < words.length; at += 1) {
        const word = words[at];
        const next = words[at + 1];
        let kind: ShownCommand['kind'] | undefined;
        let from = at + 1;
        if (word === 'cwlpipe' || word === 'bin/cwlpipe.js') kind = 'cwlpipe';
        else if (word === 'npm' && next === 'start') {
          // `npm start -- --keep` is `cwlpipe start --keep`.
          kind = 'cwlpipe';
          words[at + 1] = 'start';
          from = at + 1;
          if (words[at + 2] === '--') words.splice(at + 2, 1);
        } else if (
          word === 'npm' &&
          next === 'run' &&
          words[at + 2] === 'cwlpipe' &&
          words[at + 3] === '--'
        ) {
          kind = 'cwlpipe';
          from = at + 4;
        } else if (word === 'npm' && next === 'run') {
          kind = 'npm-run';
          from = at + 2;
        }
        if (kind === undefined) continue;
        const end = words.findIndex((candidate, index) => index >= from && SEPARATORS.has(candidate));
        const rest = words.slice(from, end === -1 ? undefined : end);
        // A bare `cwlpipe` (the package, a key, a prefix) names no command.
        if (kind === 'cwlpipe' && !/^[a-z][a-z-]*$/.test(rest[0] ?? '')) continue;
        if (kind === 'npm-run' && rest.length === 0) continue;
        shown.push({ page: page.path, line: line.trim(), kind, words: rest });
        at = end === -1 ? words.length : end;
      }
    }
  }
  return shown;
};

/**
 * What is wrong with a `cwlpipe` command line, checked against the program: its command, its subcommand
 * (a command with subcommands and no arguments takes only them), and each `--flag` of the command it names.
 *
 * @example
 * ```ts
 * commandProblem(buildProgram(), ['deadletter', 'lost']); // 'cwlpipe deadletter has no subcommand "lost"'
 * ```
 */
export const commandProblem = (program: Command, words: readonly string[]): string | undefined => {
  const [name = '', ...rest] = words;
  let command = program.commands.find((candidate) => candidate.name() === name);
  if (command === undefined) return `cwlpipe has no command "${name}"`;
  let path = `cwlpipe ${name}`;
  const first = rest[0];
  if (command.commands.length > 0 && first !== undefined && !first.startsWith('-')) {
    const sub = command.commands.find((candidate) => candidate.name() === first);
    const takesArguments = command.registeredArguments.length > 0;
    if (sub === undefined && !takesArguments) return `${path} has no subcommand "${first}"`;
    if (sub !== undefined) {
      command = sub;
      path = `${path} ${first}`;
    }
  }
  const flags = new Set(['--help', '-h']);
  for (const option of command.options) {
    if (option.long !== undefined) flags.add(option.long);
    if (option.short !== undefined) flags.add(option.short);
  }
  for (const word of rest) {
    const flag = /^--?[a-z][a-z0-9-]*/.exec(word)?.[0];
    if (flag !== undefined && !flags.has(flag)) return `${path} has no option ${flag}`;
  }
  return undefined;
};
