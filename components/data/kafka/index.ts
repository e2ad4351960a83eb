export * from "./kafka";
