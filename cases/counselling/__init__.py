"""Counselling cases: contacts, referrals, outcomes, consent, anonymous enquiries."""
