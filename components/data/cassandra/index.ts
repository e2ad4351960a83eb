export * from "./cassandra";
