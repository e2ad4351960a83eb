export * from "./nodeClass";
export * from "./platformSpec";
export * from "./parse";
export * from "./scheduling";
export * from "./selectors";
export * from "./tenants";
export * from "./notebooks";
