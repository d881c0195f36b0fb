import { en } from 'zod/locales';
import { config } from 'zod/mini';

// The configuration schemas use zod/mini, the tree-shakeable form of zod 4: a handler bundle carries only
// the checks it uses (about 30 KB against 445 KB for the classic API). Unlike the classic entry it installs
// no messages, so every module that builds a schema imports this one for its side effect: zod's English
// messages ("Too small: expected string to have >=1 characters"), set once, process-wide.
config(en());
