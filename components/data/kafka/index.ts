export * from "./kafka";
export { kafkaBrokerSizing, sizeKafkaBroker, brokerHeapMiB, type KafkaBrokerSizing } from "./sizing";
export { tenantAcls, scramJaasConfig } from "./users";
export { topicMinIsr, topicPlans, topicResourceName } from "./topics";
export { KAFKA_VERSIONS } from "./versions";
