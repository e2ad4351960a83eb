// @ts-check
import tseslint from "typescript-eslint";
import jsdoc from "eslint-plugin-jsdoc";

const CLOUD_SDKS = ["@pulumi/aws", "@pulumi/aws/*", "@pulumi/gcp", "@pulumi/gcp/*", "@pulumi/azure-native", "@pulumi/azure-native/*", "@pulumi/azure", "@pulumi/azure/*"];

export default tseslint.config(
    { ignores: ["node_modules/**", "out/**", "policies/node_modules/**", "**/*.js", "**/*.mjs", "!scripts/*.mjs"] },
    // Generated and vendored JavaScript is skipped; the repository's own Node scripts (run by npm test and the
    // pipelines, scripts/*.mjs) are linted with the recommended rules.
    ...tseslint.configs.recommended,
    {
        files: ["**/*.ts"],
        plugins: { jsdoc },
        rules: {
            "@typescript-eslint/no-explicit-any": "error",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
            // Only components/clouds/** may import a cloud SDK (per-cloud knowledge lives in one folder).
            "no-restricted-imports": ["error", { patterns: [{ group: CLOUD_SDKS, message: "Cloud SDKs may only be imported under components/clouds/." }] }],
        },
    },
    {
        files: ["components/clouds/**/*.ts", "test/clouds/**/*.ts", "policies/**/*.ts", "test/policies/**/*.ts"],
        rules: { "no-restricted-imports": "off" },
    },
    {
        files: ["components/**/*.ts"],
        ignores: ["components/**/*.test.ts"],
        rules: {
            "jsdoc/require-jsdoc": ["error", { publicOnly: true, require: { ClassDeclaration: true, FunctionDeclaration: true }, contexts: ["TSInterfaceDeclaration", "TSTypeAliasDeclaration"] }],
        },
    },
);
