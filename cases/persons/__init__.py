"""Persons counselled by a centre: registration, search before create, nationalities."""
