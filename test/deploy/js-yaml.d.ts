// js-yaml is already installed (ESLint's config loader depends on it) but ships no types;
// the deploy tests only need `load`.
declare module 'js-yaml' {
  export function load(text: string): unknown;
}
