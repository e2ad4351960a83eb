export * from "./hub";
export * from "./notebooks";
export * from "./policies";
export * from "./profiles";
export * from "./sparkConnect";
export * from "./versions";
