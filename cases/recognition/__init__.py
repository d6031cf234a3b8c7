"""Recognition procedures for foreign professional qualifications."""
