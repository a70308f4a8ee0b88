"""Core: findings and rules, the rule registry, the document model, reading files, configuration and policy."""
