"""Data protection for the person: the information sheet (Art. 13 GDPR), its handover at
intake, and the person's export (Art. 15 access, Art. 20 portability)."""
