export * from "./dataServiceArgs";
export * from "./dataPlatform";
