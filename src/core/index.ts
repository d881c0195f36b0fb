// The contracts every floor builds on. They import nothing else in src.
export * from './archive';
export * from './connector';
export * from './dead-letter';
export * from './errors';
export * from './excerpt';
export * from './lazy';
export * from './records';
export * from './synthetic';
export * from './transformer';
