export * from "./cassandra";
export { cassandraNodeSizing, sizeCassandraPod, splitCassandraPod, cassandraHeapMiB, type CassandraNodeSizing, type CassandraPodSplit } from "./sizing";
export { CASSANDRA_VERSIONS } from "./versions";
