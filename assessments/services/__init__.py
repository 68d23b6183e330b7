"""Writes: each public function is one atomic, audited state change (audit.service)."""
