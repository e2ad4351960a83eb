export * from "./spark";
