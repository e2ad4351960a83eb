export * from "./platformHandle";
export * from "./kubernetesPlatform";
