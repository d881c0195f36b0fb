import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';

/**
 * Functions whose body is longer than a reader can hold as one story (see test/unit/code-shape.test.ts).
 * A function's length is the lines its body spans, from the line of its opening brace (or of its
 * expression, for an arrow function without braces) to its last line, both included.
 */
export interface LongFunction {
  /** Path relative to the root given to {@link longFunctionsUnder}, with `/` separators. */
  readonly file: string;
  /** 1-based line where the function starts (its modifiers or name, not its comments). */
  readonly line: number;
  /** `DailyBatch.constructor`, `createFirehoseHandler`, `arrow in createFirehoseHandler`. */
  readonly name: string;
  readonly lines: number;
  /** The text after `// Long:` in the comment directly above, when there is one. */
  readonly reason?: string;
}

/** A `// Long: <why>` line among the comment lines directly above a function; the why needs some words. */
const REASON = /^\/\/\s*Long:\s*(\S.*)$/;

type FunctionNode =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration;

const isFunctionNode = (node: ts.Node): node is FunctionNode =>
  ts.isFunctionDeclaration(node) ||
  ts.isFunctionExpression(node) ||
  ts.isArrowFunction(node) ||
  ts.isMethodDeclaration(node) ||
  ts.isConstructorDeclaration(node) ||
  ts.isGetAccessorDeclaration(node) ||
  ts.isSetAccessorDeclaration(node);

const nameText = (name: ts.PropertyName | ts.BindingName | undefined): string | undefined =>
  name !== undefined && (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name))
    ? name.text
    : undefined;

const className = (node: ts.Node): string => {
  const parent = node.parent;
  return ts.isClassLike(parent) ? (parent.name?.text ?? '(class)') : '(class)';
};

/** The name a reader would search for: the declaration's, or the variable or property it is assigned to. */
const ownName = (node: FunctionNode): string | undefined => {
  if (ts.isConstructorDeclaration(node)) return `${className(node)}.constructor`;
  if (ts.isMethodDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node))
    return ts.isClassLike(node.parent)
      ? `${className(node)}.${nameText(node.name) ?? '(computed)'}`
      : nameText(node.name);
  if (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node)) {
    const own = node.name?.text;
    if (own !== undefined) return own;
  }
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent))
    return nameText(parent.name);
  return undefined;
};

/** Anonymous functions are named after the nearest named function around them. */
const displayName = (node: FunctionNode): string => {
  const own = ownName(node);
  if (own !== undefined) return own;
  let around: ts.Node | undefined = node.parent;
  while (around !== undefined) {
    if (isFunctionNode(around)) {
      const outer = ownName(around);
      if (outer !== undefined) return `${ts.isArrowFunction(node) ? 'arrow' : 'function'} in ${outer}`;
    }
    around = around.parent;
  }
  return ts.isArrowFunction(node) ? 'arrow' : 'function';
};

/**
 * The reason in the comment lines directly above `line` (0-based): the contiguous run of `//` lines and
 * `/* … *\/` block lines ending just above it, so the reason may sit between a TSDoc block and the code.
 */
const reasonAbove = (lines: readonly string[], line: number): string | undefined => {
  let inBlock = false;
  for (let index = line - 1; index >= 0; index--) {
    const text = (lines[index] ?? '').trim();
    if (text.endsWith('*/') && !text.startsWith('//')) inBlock = !text.startsWith('/*');
    else if (inBlock) {
      if (text.startsWith('/*')) inBlock = false;
    } else if (!text.startsWith('//')) return undefined;
    const reason = REASON.exec(text)?.[1];
    if (reason !== undefined) return reason.trim();
  }
  return undefined;
};

/**
 * Every function in one source text whose body spans more than `limit` lines, with its reason if it has one.
 *
 * @example
 * ```ts
 * longFunctionsIn('a.ts', `function f() {\n${'  step();\n'.repeat(79)}}\n`); // [{ file: 'a.ts', line: 1, name: 'f', lines: 81 }]
 * ```
 */
export const longFunctionsIn = (file: string, text: string, limit = 80): LongFunction[] => {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const lines = text.split(/\r?\n/);
  const lineOf = (position: number): number => source.getLineAndCharacterOfPosition(position).line;
  const found: LongFunction[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunctionNode(node) && node.body !== undefined) {
      const span = lineOf(node.body.getEnd()) - lineOf(node.body.getStart(source)) + 1;
      if (span > limit) {
        const start = lineOf(node.getStart(source));
        const reason = reasonAbove(lines, start);
        found.push({
          file,
          line: start + 1,
          name: displayName(node),
          lines: span,
          ...(reason !== undefined && { reason }),
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
};

/**
 * Every long function in the `.ts` files (not `.d.ts`) under the given folders of `root`, skipping files whose
 * relative path starts with one of `excluded`.
 *
 * @example
 * ```ts
 * longFunctionsUnder(repoRoot, ['src', 'infra'], ['src/local/']); // [{ file: 'src/…', line: 12, … }]
 * ```
 */
export const longFunctionsUnder = (
  root: string,
  folders: readonly string[],
  excluded: readonly string[] = [],
  limit = 80,
): LongFunction[] =>
  folders
    .flatMap((folder) =>
      readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' }).map((path) =>
        relative(root, join(root, folder, path))
          .split(sep)
          .join('/'),
      ),
    )
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .filter((file) => !excluded.some((prefix) => file.startsWith(prefix)))
    .sort()
    .flatMap((file) => longFunctionsIn(file, readFileSync(join(root, file), 'utf8'), limit));
