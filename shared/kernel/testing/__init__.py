"""Test kit: real PostgreSQL and a real Kafka-protocol broker, fresh databases and topics per test."""
