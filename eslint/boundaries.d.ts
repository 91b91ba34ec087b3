/** Types of eslint/boundaries.js for the tests that read its table. */
export declare const MAY_IMPORT: Record<string, string[]>;
declare const plugin: { rules: Record<string, unknown> };
export default plugin;
