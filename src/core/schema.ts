import { en } from 'zod/locales';
import * as z from 'zod/mini';

// The configuration schemas use zod/mini, the tree-shakeable form of zod 4: a handler bundle carries only
// the checks it uses (about 30 KB against 445 KB for the classic API). Unlike the classic entry it installs
// no messages, so every module that builds a schema imports this one (its helpers, or for its side effect alone): zod's English
// messages ("Too small: expected string to have >=1 characters"), set once, process-wide.
z.config(en());

/**
 * A string of at least one character: the most common setting shape of the configuration schemas.
 *
 * @example
 * ```ts
 * z.object({ pattern: nonEmptyString() });
 * ```
 */
export const nonEmptyString = () => z.string().check(z.minLength(1));
