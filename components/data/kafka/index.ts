export * from "./kafka";
export { kafkaBrokerSizing, sizeKafkaBroker, type KafkaBrokerSizing } from "./sizing";
