/**
 * ESLint for the addons' JavaScript, in the OCA's way for Odoo 18: a flat config with the
 * globals Odoo's web client defines, on top of ESLint's recommended rules. Run by the
 * eslint hook of .pre-commit-config.yaml, whose environment provides these packages.
 */
const js = require("@eslint/js");
const globals = require("globals");
const jsdoc = require("eslint-plugin-jsdoc");

// What Odoo 18's asset bundles put on window, besides the browser's own.
const odooGlobals = {
    $: "readonly",
    _: "readonly",
    jQuery: "readonly",
    luxon: "readonly",
    odoo: "readonly",
    owl: "readonly",
};

module.exports = [
    js.configs.recommended,
    {
        // Odoo 18 loads every file of static/src and static/tests as an ES module.
        files: ["**/static/**/*.js"],
        plugins: {jsdoc},
        languageOptions: {
            ecmaVersion: 2024,
            sourceType: "module",
            globals: {...globals.browser, ...odooGlobals},
        },
        rules: {
            "no-console": ["error", {allow: ["warn", "error"]}],
            "no-unused-vars": ["error", {args: "none"}],
            "no-var": "error",
            "prefer-const": "error",
            eqeqeq: ["error", "always"],
            "no-eval": "error",
            "no-implied-eval": "error",
            "no-shadow": "warn",
            "no-use-before-define": ["error", {functions: false}],
            "jsdoc/check-tag-names": ["warn", {definedTags: ["odoo-module"]}],
            "jsdoc/check-types": "warn",
        },
    },
    {
        // Configuration files of the tools (this one, prettier's) run in Node.
        files: ["*.cjs"],
        languageOptions: {sourceType: "commonjs", globals: globals.node},
    },
];
