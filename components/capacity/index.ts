export * from "./types";
export * from "./allocatable";
export * from "./daemonSets";
export * from "./sizing";
export * from "./report";
